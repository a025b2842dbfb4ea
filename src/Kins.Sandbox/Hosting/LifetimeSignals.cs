using System.Diagnostics;

namespace Kins.Sandbox.Hosting;

/// <summary>What ends the sandbox process besides signals: stdin reaching end of file, or the parent process exiting.</summary>
internal static class LifetimeSignals
{
    public static Task StdinClosedAsync() => Task.Factory.StartNew(() =>
    {
        using var stdin = Console.OpenStandardInput();
        var buffer = new byte[256];
        while (stdin.Read(buffer, 0, buffer.Length) > 0)
        {
            // Input is ignored; only its end matters.
        }
    }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    public static async Task ProcessExitedAsync(int pid)
    {
        Process parent;
        try
        {
            parent = Process.GetProcessById(pid);
        }
        catch (ArgumentException)
        {
            return;
        }
        using (parent)
        {
            // WaitForExitAsync works for non-child processes on Linux and Windows by polling the process handle.
            while (!parent.HasExited)
            {
                await Task.Delay(500);
            }
        }
    }
}
