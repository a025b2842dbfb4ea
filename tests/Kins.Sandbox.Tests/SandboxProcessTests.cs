using Kins.Core.Sandbox;

namespace Kins.Sandbox.Tests;

/// <summary>The sandbox as a process, started and stopped by Kins.Core's launcher, checked with kubectl.</summary>
public sealed class SandboxProcessTests
{
    [Fact]
    public async Task Launcher_starts_the_executable_which_kubectl_reaches_and_stops_it()
    {
        var folder = Path.Combine(Path.GetTempPath(), "kins-sandbox-process-" + Guid.NewGuid().ToString("N"));
        var kubeconfig = Path.Combine(folder, "kubeconfig");
        var sandbox = await SandboxProcess.StartAsync(new SandboxOptions { ReadyDelay = TimeSpan.Zero, KubeconfigPath = kubeconfig });
        try
        {
            Assert.Equal(kubeconfig, sandbox.Kubeconfig);
            Assert.Equal("kins-sandbox", sandbox.Context);
            Assert.StartsWith("https://127.0.0.1:", sandbox.Endpoint, StringComparison.Ordinal);
            var kubectl = new Kubectl(sandbox.Kubeconfig, Path.Combine(folder, "cache"));
            var nu = await kubectl.OkAsync("get", "nu", "--context", sandbox.Context);
            Assert.Contains("test", nu.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            await sandbox.StopAsync();
        }
        Assert.True(sandbox.HasExited);
        await sandbox.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void Options_round_trip_through_the_command_line()
    {
        var options = new SandboxOptions { Sites = 12, NodesPerSite = 5, ReadyDelay = TimeSpan.FromSeconds(0.25), Empty = true, Port = 6443, KubeconfigPath = "/tmp/k" };
        var parsed = SandboxOptions.Parse(options.ToArguments(42), out var parent, out var ignoreStdin);
        Assert.Equal((12, 5, TimeSpan.FromSeconds(0.25), true, 6443, "/tmp/k"), (parsed.Sites, parsed.NodesPerSite, parsed.ReadyDelay, parsed.Empty, parsed.Port, parsed.KubeconfigPath));
        Assert.Equal(42, parent);
        Assert.False(ignoreStdin);
        Assert.Throws<ArgumentException>(() => SandboxOptions.Parse(["--sites", "many"], out _, out _));
    }
}
