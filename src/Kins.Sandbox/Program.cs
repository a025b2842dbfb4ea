using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kins.Core.Sandbox;
using Kins.Sandbox.Hosting;

namespace Kins.Sandbox;

/// <summary>
/// The sandbox executable: starts the sandbox, writes its kubeconfig, prints one JSON line when ready, and runs
/// until stdin closes, the parent process dies, or SIGTERM / Ctrl+C.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        SandboxOptions options;
        int? parentPid;
        bool ignoreStdin;
        try
        {
            options = SandboxOptions.Parse(args, out parentPid, out ignoreStdin);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }

        string? ownedFolder = null;
        var kubeconfig = options.KubeconfigPath;
        if (kubeconfig is null)
        {
            ownedFolder = KubeconfigFile.CreatePrivateFolder();
            kubeconfig = Path.Combine(ownedFolder, "kubeconfig");
        }
        using var stop = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
        await using var server = await SandboxServer.StartAsync(options, cancel: stop.Token);
        try
        {
            KubeconfigFile.Write(kubeconfig, server.RenderKubeconfig());
            var ready = new JsonObject
            {
                ["kubeconfig"] = Path.GetFullPath(kubeconfig),
                ["context"] = KubeconfigFile.ContextName,
                ["endpoint"] = server.Endpoint,
                ["processId"] = Environment.ProcessId,
            };
            await Console.Out.WriteLineAsync(ready.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
            await Console.Out.FlushAsync();

            var waits = new List<Task> { Task.Delay(Timeout.Infinite, stop.Token) };
            if (!ignoreStdin) { waits.Add(LifetimeSignals.StdinClosedAsync()); }
            if (parentPid is int pid) { waits.Add(LifetimeSignals.ProcessExitedAsync(pid)); }
            await Task.WhenAny(waits);
        }
        finally
        {
            if (ownedFolder is not null)
            {
                try { Directory.Delete(ownedFolder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }
        return 0;
    }
}
