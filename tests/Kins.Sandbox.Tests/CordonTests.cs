using System.Text.Json.Nodes;

namespace Kins.Sandbox.Tests;

/// <summary>
/// kubectl cordon on the sandbox, as on a real cluster: the node lifecycle controller taints a cordoned node
/// <c>node.kubernetes.io/unschedulable:NoSchedule</c> (with the time it added it) and lifts the taint when it is
/// uncordoned. site-manager's setNode handling meets that taint on a real cluster (SITE-MANAGER.md, flaw 8).
/// </summary>
public sealed class CordonTests
{
    [Fact]
    public async Task A_cordoned_node_gets_the_unschedulable_taint_and_loses_it_when_uncordoned()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await sandbox.Kubectl.OkAsync("cordon", "edge1");

        JsonObject? taint = null;
        await TestSandbox.EventuallyAsync(async () =>
        {
            taint = Taints(await sandbox.Kubectl.OkAsync("get", "node", "edge1", "-o", "json")).FirstOrDefault(t => (string?)t["key"] == "node.kubernetes.io/unschedulable");
            return taint is not null;
        }, "the unschedulable taint on the cordoned node");
        Assert.Equal("NoSchedule", (string?)taint!["effect"]);
        Assert.True(DateTimeOffset.TryParse((string?)taint["timeAdded"], out _), "the controller stamps the taint's timeAdded");
        Assert.Empty(Taints(await sandbox.Kubectl.OkAsync("get", "node", "edge2", "-o", "json")));

        await sandbox.Kubectl.OkAsync("uncordon", "edge1");
        await TestSandbox.EventuallyAsync(async () => Taints(await sandbox.Kubectl.OkAsync("get", "node", "edge1", "-o", "json")).Count == 0,
            "the taint lifted from the uncordoned node");
    }

    [Fact]
    public async Task A_K3s_server_stays_Pending_on_its_cordoned_node_and_is_placed_once_it_is_uncordoned()
    {
        // The kins pods tolerate only the kins taint (manifest/kins_server.go:46-49): the scheduler keeps them off a
        // cordoned node, and retries when a node changes.
        await using var sandbox = await TestSandbox.StartAsync();
        await sandbox.Kubectl.OkAsync("cordon", "edge1", "edge2", "edge3");
        await sandbox.Kubectl.OkAsync("patch", "nu", "test", "--type", "merge", "-p", """{"spec":{"autonomyLevel":"L4"}}""");

        JsonNode? pod = null;
        await TestSandbox.EventuallyAsync(async () =>
        {
            var result = await sandbox.Kubectl.RunAsync("get", "pod", "-n", "kins-system", "test-server-kins-0", "-o", "json");
            pod = result.ExitCode == 0 ? JsonNode.Parse(result.Stdout) : null;
            return pod is not null;
        }, "the K3s server pod of unit test", seconds: 30);
        Assert.Equal("Pending", (string?)pod!["status"]?["phase"]);
        Assert.Null(pod["spec"]?["nodeName"]);

        // Only the node site-manager labelled as the server will do (the pod's required node affinity).
        var server = (await sandbox.Kubectl.OkAsync("get", "nodes", "-l", "site.superedge.io/kins-role=server,test=nodeunits.superedge.io",
            "-o", "jsonpath={.items[*].metadata.name}")).Stdout.Trim();
        Assert.Matches("^edge[123]$", server);
        await sandbox.Kubectl.OkAsync("uncordon", server);
        await TestSandbox.EventuallyAsync(async () =>
        {
            var placed = JsonNode.Parse((await sandbox.Kubectl.OkAsync("get", "pod", "-n", "kins-system", "test-server-kins-0", "-o", "json")).Stdout);
            return (string?)placed?["spec"]?["nodeName"] == server;
        }, "the server placed on its uncordoned node", seconds: 30);
    }

    private static List<JsonObject> Taints(Kubectl.Result node) =>
        (JsonNode.Parse(node.Stdout)?["spec"]?["taints"] as JsonArray ?? []).OfType<JsonObject>().ToList();
}
