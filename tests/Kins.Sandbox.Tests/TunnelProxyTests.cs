using k8s;
using Kins.Core.Connection;
using Kins.Core.Sandbox;

namespace Kins.Sandbox.Tests;

/// <summary>tunnel-cloud's http-proxy: the article's hand-written kubeconfig through it, with kubectl and our own client; nothing else passes.</summary>
public sealed class TunnelProxyTests
{
    [Fact]
    public async Task Article_proxy_kubeconfig_lists_the_units_nodes_through_the_tunnel()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var edgePath = await EdgeAccess.PromoteAsync(sandbox.Kubectl, sandbox.Folder);
        var nodePort = int.Parse((await sandbox.Kubectl.OkAsync("get", "svc", "-n", "edge-system", "tunnel-cloud",
            "-o=jsonpath={.spec.ports[?(@.name==\"http-proxy\")].nodePort}")).Stdout, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(sandbox.Server.HttpProxyPort, nodePort);
        var token = EdgeAccess.Token(edgePath);
        var clusterIp = (await sandbox.Kubectl.OkAsync("get", "svc", "test-svc-kins", "-n", "kins-system", "-o=jsonpath={.spec.clusterIP}")).Stdout;

        foreach (var server in new[] { "https://test-svc-kins.kins-system:443", "https://test-svc-kins.kins-system.svc.cluster.local:443", $"https://{clusterIp}:443" })
        {
            var path = EdgeAccess.WriteProxyKubeconfig(Path.Combine(sandbox.Folder, "proxy-" + Guid.NewGuid().ToString("N") + ".conf"), server, nodePort, token);
            var kubectl = new Kubectl(path, Path.Combine(sandbox.Folder, "proxy-cache-" + Guid.NewGuid().ToString("N")));
            var nodes = await kubectl.OkAsync("get", "nodes", "-o=name");
            Assert.Equal(["node/edge1", "node/edge2", "node/edge3"], EdgeAccess.Names(nodes.Stdout));
        }

        // Our own connection layer honours proxy-url: the same kubeconfig, listed with Kins.Core's client.
        var article = EdgeAccess.WriteProxyKubeconfig(Path.Combine(sandbox.Folder, "article.conf"), "https://test-svc-kins.kins-system:443", nodePort, token);
        using var cache = new ConnectionCache();
        var connection = cache.Get(article, null);
        Assert.Equal($"http://127.0.0.1:{nodePort}", connection.ProxyUrl);
        var list = await connection.Client.CoreV1.ListNodeAsync();
        Assert.Equal(["edge1", "edge2", "edge3"], list.Items.Select(n => n.Metadata.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Proxy_refuses_the_cloud_api_and_every_other_target()
    {
        await using var sandbox = await TestSandbox.StartAsync(new SandboxOptions { ReadyDelay = TimeSpan.Zero, Sites = 1 });
        await EdgeAccess.PromoteAsync(sandbox.Kubectl, sandbox.Folder);
        var proxy = sandbox.Server.HttpProxyPort!.Value;
        var cloudPort = new Uri(sandbox.Server.Endpoint).Port;

        Assert.Equal(200, (await EdgeAccess.ConnectAsync(proxy, "test-svc-kins.kins-system:443")).Status);
        foreach (var target in new[] { $"127.0.0.1:{cloudPort}", $"localhost:{cloudPort}", "kubernetes.default.svc:443", "example.com:443",
            "test-svc-kins.kins-system:80", "test-svc-kins.default:443", "10.96.0.1:443", $"127.0.0.1:{proxy}" })
        {
            var (status, text) = await EdgeAccess.ConnectAsync(proxy, target);
            Assert.True(status == 403, $"CONNECT {target}: {text}");
            Assert.Contains("only tunnels to an edge cluster", text, StringComparison.Ordinal);
        }
        // A unit that is not promoted has no edge cluster to reach.
        var (notPromoted, reason) = await EdgeAccess.ConnectAsync(proxy, "site-0001-svc-kins.kins-system:443");
        Assert.Equal(502, notPromoted);
        Assert.Contains("site-0001", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demotion_drops_the_route()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await EdgeAccess.PromoteAsync(sandbox.Kubectl, sandbox.Folder);
        var proxy = sandbox.Server.HttpProxyPort!.Value;
        await sandbox.Kubectl.OkAsync("patch", "nu", "test", "--type", "merge", "-p", """{"spec":{"autonomyLevel":"L3"}}""");
        await TestSandbox.EventuallyAsync(async () => (await EdgeAccess.ConnectAsync(proxy, "test-svc-kins.kins-system:443")).Status == 502,
            "the demoted unit's route refused");
    }
}
