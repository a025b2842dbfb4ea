using System.Diagnostics;
using Kins.Core.Errors;
using Kins.Core.Sandbox;

namespace Kins.Sandbox.Tests;

/// <summary>Stopping a sandbox process returns only once it has exited, also when it has to be killed.</summary>
public sealed class SandboxStopTests
{
    [Fact]
    public async Task Killing_returns_once_the_process_has_exited()
    {
        if (OperatingSystem.IsWindows()) { return; }
        using var sleeper = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        await SandboxProcess.KillAndWaitAsync(sleeper);
        // Without waiting, the kill has only been sent: HasExited would still be false here.
        Assert.True(sleeper.HasExited);
        Assert.Equal(137, sleeper.ExitCode);
    }

    [Fact]
    public async Task A_start_that_times_out_leaves_no_sandbox_process_behind()
    {
        if (!OperatingSystem.IsLinux()) { return; }
        var before = SandboxChildren();
        var error = await Assert.ThrowsAsync<KinsException>(() =>
            SandboxProcess.StartAsync(new SandboxOptions { ReadyDelay = TimeSpan.Zero, StartTimeout = TimeSpan.FromMilliseconds(1) }));
        Assert.Equal(KinsErrorIds.SandboxStartFailed, error.ErrorId);
        Assert.Empty(SandboxChildren().Except(before));
    }

    /// <summary>This process's children running the sandbox executable (zombies included: not yet reaped is not gone).</summary>
    private static HashSet<int> SandboxChildren()
    {
        var self = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var children = new HashSet<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) { continue; }
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[1] == self && File.ReadAllText(Path.Combine(dir, "cmdline")).Contains("Kins.Sandbox", StringComparison.Ordinal)) { children.Add(pid); }
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return children;
    }
}
