using System.Net.Http.Headers;
using System.Net.Sockets;
using Kins.Core.Sandbox;

namespace Kins.Sandbox.Tests;

/// <summary>A promoted unit's K3s endpoint through the edge kubeconfig site-manager writes, with the real kubectl.</summary>
public sealed class EdgeClusterTests
{
    [Fact]
    public async Task Edge_kubeconfig_serves_the_units_own_cluster_until_demotion()
    {
        await using var sandbox = await TestSandbox.StartAsync(new SandboxOptions { ReadyDelay = TimeSpan.Zero, Sites = 1 });
        var edgePath = await EdgeAccess.PromoteAsync(sandbox.Kubectl, sandbox.Folder);
        var edgeText = await File.ReadAllTextAsync(edgePath);
        Assert.Matches(@"server: https://127\.0\.0\.1:\d+\n", edgeText);
        Assert.Contains("insecure-skip-tls-verify: true", edgeText, StringComparison.Ordinal);
        var edge = new Kubectl(edgePath, Path.Combine(sandbox.Folder, "edge-cache"));

        // Exactly the unit's nodes, Ready as in the cloud; not master, not site-0001's.
        var nodes = await edge.OkAsync("get", "nodes", "-o", "custom-columns=NAME:.metadata.name,READY:.status.conditions[?(@.type==\"Ready\")].status", "--no-headers");
        Assert.Equal(["edge1   True", "edge2   True", "edge3   True"], EdgeAccess.Names(nodes.Stdout));
        Assert.Contains("v1.22.6+k3s1", (await edge.OkAsync("version", "-o", "json")).Stdout, StringComparison.Ordinal);
        await edge.OkAsync("get", "pods", "-A");
        var created = await edge.OkAsync("create", "configmap", "x", "--from-literal=a=b");
        Assert.Contains("configmap/x created", created.Stdout, StringComparison.Ordinal);
        Assert.Equal("b", (await edge.OkAsync("get", "cm", "x", "-o=jsonpath={.data.a}")).Stdout);
        Assert.NotEqual(0, (await sandbox.Kubectl.RunAsync("get", "cm", "x", "-n", "default")).ExitCode);

        // The edge copy of a node follows the cloud's readiness.
        await sandbox.SetNodeReadyAsync("edge3", ready: false);
        await TestSandbox.EventuallyAsync(async () =>
            (await edge.OkAsync("get", "node", "edge3", "-o=jsonpath={.status.conditions[?(@.type==\"Ready\")].status}")).Stdout != "True",
            "edge3 NotReady in the edge cluster");
        await sandbox.SetNodeReadyAsync("edge3", ready: true);
        // The controllers follow in a few steps (the node lifecycle controller lifts its taint a pass later, the
        // DaemonSets and the edge mirror follow that): the endpoint's own controller must be done before it is paused below.
        await TestSandbox.EventuallyAsync(async () =>
            !(await sandbox.Kubectl.OkAsync("get", "node", "edge3", "-o=jsonpath={.spec.taints}")).Stdout.Contains("not-ready", StringComparison.Ordinal)
            && (await edge.OkAsync("get", "node", "edge3", "-o=jsonpath={.status.conditions[?(@.type==\"Ready\")].status}")).Stdout == "True",
            "edge3 Ready again, untainted");
        await sandbox.Server.WaitSettledAsync(TimeSpan.FromSeconds(10));

        // A wrong token is refused.
        var wrongPath = Path.Combine(sandbox.Folder, "wrong.conf");
        await File.WriteAllTextAsync(wrongPath, edgeText.Replace(EdgeAccess.Token(edgePath), "wrong-token", StringComparison.Ordinal));
        var wrong = await new Kubectl(wrongPath, Path.Combine(sandbox.Folder, "wrong-cache")).RunAsync("get", "nodes");
        Assert.NotEqual(0, wrong.ExitCode);
        Assert.Matches("(?i)unauthorized|must be logged in", wrong.Stderr);

        // A restart of the endpoint (servers not Ready, then Ready again) keeps the data.
        var cluster = sandbox.Server.Edges.FindServing("test")!;
        cluster.Pause();
        Assert.NotEqual(0, (await edge.RunAsync("get", "cm", "x", "--request-timeout=5s")).ExitCode);
        cluster.Serve(EdgeAccess.Token(edgePath), image: null);
        Assert.Equal("b", (await edge.OkAsync("get", "cm", "x", "-o=jsonpath={.data.a}")).Stdout);

        // Demotion closes the endpoint: its port refuses connections; a new promotion starts from empty data.
        var port = new Uri(edgeText.Split("server: ")[1].Split('\n')[0]).Port;
        await sandbox.Kubectl.OkAsync("patch", "nu", "test", "--type", "merge", "-p", """{"spec":{"autonomyLevel":"L3"}}""");
        await TestSandbox.EventuallyAsync(async () =>
        {
            using var probe = new TcpClient();
            try { await probe.ConnectAsync("127.0.0.1", port); return false; }
            catch (SocketException) { return true; }
        }, "the demoted unit's port closed");
        Assert.NotEqual(0, (await edge.RunAsync("get", "nodes", "--request-timeout=5s")).ExitCode);
        var again = new Kubectl(await EdgeAccess.PromoteAsync(sandbox.Kubectl, sandbox.Folder), Path.Combine(sandbox.Folder, "again-cache"));
        Assert.NotEqual(0, (await again.RunAsync("get", "cm", "x")).ExitCode);
    }

    [Fact]
    public async Task Edge_endpoint_answers_the_api_with_its_own_certificate_authority()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var edgePath = await EdgeAccess.PromoteAsync(sandbox.Kubectl, sandbox.Folder);
        var cluster = sandbox.Server.Edges.FindServing("test")!;
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert?.Issuer.Contains("k3s-server-ca", StringComparison.Ordinal) == true };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(cluster.Address) };
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await http.GetAsync("/api/v1/nodes")).StatusCode);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", EdgeAccess.Token(edgePath));
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/api/v1/nodes")).StatusCode);
    }
}
