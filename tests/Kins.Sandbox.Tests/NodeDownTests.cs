using System.Text.Json.Nodes;

namespace Kins.Sandbox.Tests;

/// <summary>
/// A member node that stops being Ready, as a real cluster's controllers handle it: the node lifecycle controller
/// taints it not-ready and marks its pods not Ready without stopping them (MarkPodsNotReady), and the DaemonSet
/// controller drops it from its desired count while its pod stays (it tolerates not-ready NoExecute, not NoSchedule).
/// </summary>
public sealed class NodeDownTests
{
    [Fact]
    public async Task A_NotReady_agent_node_keeps_its_running_pod_not_ready_and_leaves_the_DaemonSet_desired_count()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await sandbox.Kubectl.OkAsync("patch", "nu", "test", "--type", "merge", "-p", """{"spec":{"autonomyLevel":"L4"}}""");
        await TestSandbox.EventuallyAsync(async () => Status(await AgentsAsync(sandbox)) is (2, 2, 0), "two agents ready", seconds: 30);
        var agents = await AgentPodsAsync(sandbox);
        var (podName, node) = agents.First();

        await sandbox.SetNodeReadyAsync(node, ready: false);
        await TestSandbox.EventuallyAsync(async () => Status(await AgentsAsync(sandbox)) is (1, 1, 1), "the DaemonSet without the NotReady node");
        var nodeTaints = (JsonNode.Parse((await sandbox.Kubectl.OkAsync("get", "node", node, "-o", "json")).Stdout)?["spec"]?["taints"] as JsonArray ?? [])
            .Select(t => $"{t?["key"]}:{t?["effect"]}").Where(t => t.StartsWith("node.kubernetes.io/", StringComparison.Ordinal)).ToList();
        Assert.Equal(["node.kubernetes.io/not-ready:NoSchedule", "node.kubernetes.io/not-ready:NoExecute"], nodeTaints);
        var pod = (await sandbox.PodAsync(podName))!;
        Assert.Equal("Running", (string?)pod["status"]?["phase"]);
        Assert.Equal("False", Condition(pod, "Ready"));
        Assert.Equal("True", Condition(pod, "ContainersReady"));

        await sandbox.SetNodeReadyAsync(node, ready: true);
        await TestSandbox.EventuallyAsync(async () => Status(await AgentsAsync(sandbox)) is (2, 2, 0), "both agents ready again");
        Assert.Equal("True", Condition((await sandbox.PodAsync(podName))!, "Ready"));
        Assert.Equal(agents, await AgentPodsAsync(sandbox));
    }

    private static async Task<JsonNode> AgentsAsync(TestSandbox sandbox) =>
        JsonNode.Parse((await sandbox.Kubectl.OkAsync("get", "ds", "-n", "kins-system", "test-agent-kins", "-o", "json")).Stdout)!;

    private static (int Desired, int Ready, int Misscheduled) Status(JsonNode ds) =>
        ((int?)ds["status"]?["desiredNumberScheduled"] ?? -1, (int?)ds["status"]?["numberReady"] ?? -1, (int?)ds["status"]?["numberMisscheduled"] ?? -1);

    private static async Task<List<(string Pod, string Node)>> AgentPodsAsync(TestSandbox sandbox)
    {
        var pods = JsonNode.Parse((await sandbox.Kubectl.OkAsync("get", "pods", "-n", "kins-system", "-l", "site.superedge.io/kins-role=agent", "-o", "json")).Stdout);
        return (pods?["items"] as JsonArray ?? []).Select(p => ((string)p!["metadata"]!["name"]!, (string)p["spec"]!["nodeName"]!))
            .OrderBy(p => p.Item1, StringComparer.Ordinal).ToList();
    }

    private static string? Condition(JsonNode pod, string type) =>
        (string?)(pod["status"]?["conditions"] as JsonArray ?? []).FirstOrDefault(c => (string?)c?["type"] == type)?["status"];
}
