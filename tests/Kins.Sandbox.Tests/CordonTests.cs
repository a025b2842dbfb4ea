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

    private static List<JsonObject> Taints(Kubectl.Result node) =>
        (JsonNode.Parse(node.Stdout)?["spec"]?["taints"] as JsonArray ?? []).OfType<JsonObject>().ToList();
}
