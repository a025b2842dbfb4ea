using Kins.Core.Sandbox;

namespace Kins.Sandbox.Tests;

/// <summary>The article's offline autonomy, shown: with the cloud cut, the edge kubeconfig works and the cloud's does not.</summary>
public sealed class CloudOfflineTests
{
    [Fact]
    public async Task Cut_cloud_leaves_the_edge_serving_and_the_cloud_and_tunnel_silent_until_restored()
    {
        var folder = Path.Combine(Path.GetTempPath(), "kins-sandbox-offline-" + Guid.NewGuid().ToString("N"));
        var sandbox = await SandboxProcess.StartAsync(new SandboxOptions { ReadyDelay = TimeSpan.Zero, KubeconfigPath = Path.Combine(folder, "kubeconfig") });
        try
        {
            var cloud = new Kubectl(sandbox.Kubeconfig, Path.Combine(folder, "cache"));
            var edgePath = await EdgeAccess.PromoteAsync(cloud, folder);
            var edge = new Kubectl(edgePath, Path.Combine(folder, "edge-cache"));
            var nodePort = int.Parse((await cloud.OkAsync("get", "svc", "-n", "edge-system", "tunnel-cloud",
                "-o=jsonpath={.spec.ports[?(@.name==\"http-proxy\")].nodePort}")).Stdout, System.Globalization.CultureInfo.InvariantCulture);
            var proxyPath = EdgeAccess.WriteProxyKubeconfig(Path.Combine(folder, "proxy.conf"), "https://test-svc-kins.kins-system:443", nodePort, EdgeAccess.Token(edgePath));
            var proxied = new Kubectl(proxyPath, Path.Combine(folder, "proxy-cache"));
            await proxied.OkAsync("get", "nodes");

            await sandbox.SetCloudOnlineAsync(online: false);
            var cut = await cloud.RunAsync("get", "nodes", "--request-timeout=5s");
            Assert.True(cut.ExitCode != 0, $"the cloud answered while cut: {cut}");
            Assert.NotEqual(0, (await proxied.RunAsync("get", "nodes", "--request-timeout=5s")).ExitCode);
            Assert.Equal(502, (await EdgeAccess.ConnectAsync(nodePort, "test-svc-kins.kins-system:443")).Status);
            var nodes = await edge.OkAsync("get", "nodes", "-o=name");
            Assert.Equal(["node/edge1", "node/edge2", "node/edge3"], EdgeAccess.Names(nodes.Stdout));
            await edge.OkAsync("create", "configmap", "written-offline", "--from-literal=a=b");
            Assert.Contains("\"requests\"", await sandbox.GetMetricsJsonAsync(), StringComparison.Ordinal);

            await sandbox.SetCloudOnlineAsync(online: true);
            await cloud.OkAsync("get", "nodes");
            await proxied.OkAsync("get", "cm", "written-offline");
        }
        finally
        {
            await sandbox.DisposeAsync();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }
}
