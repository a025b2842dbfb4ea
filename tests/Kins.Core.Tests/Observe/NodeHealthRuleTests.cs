using k8s;
using k8s.Models;
using Kins.Core.Observe;
using Kins.Core.Plan;
using Xunit;

namespace Kins.Core.Tests.Observe;

/// <summary>The Offline and Degraded rules from Nodes and Leases as a real cluster writes them (kubelet heartbeats, node lifecycle controller).</summary>
public sealed class NodeHealthRuleTests
{
    private static readonly KinsObservation ReadyUnit = new(KinsState.Ready, "The L4 edge cluster is up.", ["shop-1"], []);

    // A node whose kubelet stopped posting: the node lifecycle controller's conditions and taints, heartbeat kept.
    private static V1Node Silent(string name, string unit, string lastHeartbeat) => KubernetesJson.Deserialize<V1Node>($$$"""
        {"apiVersion":"v1","kind":"Node","metadata":{"name":"{{{name}}}","labels":{"kubernetes.io/hostname":"{{{name}}}","{{{unit}}}":"nodeunits.superedge.io","unit-node-all":"nodeunits.superedge.io"}},
         "spec":{"taints":[{"key":"node.kubernetes.io/unreachable","effect":"NoSchedule","timeAdded":"2026-11-26T08:01:10Z"},{"key":"node.kubernetes.io/unreachable","effect":"NoExecute","timeAdded":"2026-11-26T08:01:15Z"}]},
         "status":{"conditions":[
           {"type":"MemoryPressure","status":"Unknown","lastHeartbeatTime":"{{{lastHeartbeat}}}","lastTransitionTime":"2026-11-26T08:01:10Z","reason":"NodeStatusUnknown","message":"Kubelet stopped posting node status."},
           {"type":"Ready","status":"Unknown","lastHeartbeatTime":"{{{lastHeartbeat}}}","lastTransitionTime":"2026-11-26T08:01:10Z","reason":"NodeStatusUnknown","message":"Kubelet stopped posting node status."}]}}
        """);

    private static V1Node Heard(string name, string unit, string lastHeartbeat, string ready = "True") => KubernetesJson.Deserialize<V1Node>($$$"""
        {"apiVersion":"v1","kind":"Node","metadata":{"name":"{{{name}}}","labels":{"{{{unit}}}":"nodeunits.superedge.io"}},
         "status":{"conditions":[{"type":"Ready","status":"{{{ready}}}","lastHeartbeatTime":"{{{lastHeartbeat}}}","lastTransitionTime":"2026-11-26T07:00:00Z","reason":"{{{(ready == "True" ? "KubeletReady" : "KubeletNotReady")}}}","message":"kubelet is posting ready status"}]}}
        """);

    private static V1Lease Lease(string node, string renewTime) => KubernetesJson.Deserialize<V1Lease>($$$"""
        {"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"{{{node}}}","namespace":"kube-node-lease"},
         "spec":{"holderIdentity":"{{{node}}}","leaseDurationSeconds":40,"renewTime":"{{{renewTime}}}"}}
        """);

    [Fact]
    public void A_unit_whose_nodes_are_all_unknown_is_offline_since_the_newest_lease_renewal()
    {
        var heartbeats = NodeHeartbeats.From(
            [Silent("shop-1", "shop", "2026-11-26T07:56:20Z"), Silent("shop-2", "shop", "2026-11-26T07:56:25Z")],
            [Lease("shop-1", "2026-11-26T08:00:28.123456Z"), Lease("shop-2", "2026-11-26T08:00:30.000001Z")]);

        var judged = NodeHealthRule.Apply("shop", ReadyUnit, heartbeats);

        Assert.Equal(KinsState.Offline, judged.State);
        Assert.Equal(KinsState.Ready, judged.PreviousState);
        Assert.Equal(new DateTime(2026, 11, 26, 8, 0, 30, DateTimeKind.Utc).AddTicks(10), judged.LastSeen);
        Assert.Contains("NodeStatusUnknown", judged.Reason, StringComparison.Ordinal);
        Assert.Contains("shop-1, shop-2", judged.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void One_silent_node_of_a_ready_unit_makes_it_degraded_naming_the_node()
    {
        var heartbeats = NodeHeartbeats.From(
            [Silent("shop-1", "shop", "2026-11-26T07:56:20Z"), Heard("shop-2", "shop", "2026-11-26T07:58:00Z")],
            [Lease("shop-2", "2026-11-26T08:05:00Z")]);

        var judged = NodeHealthRule.Apply("shop", ReadyUnit, heartbeats);

        Assert.Equal(KinsState.Degraded, judged.State);
        Assert.Equal(KinsState.Ready, judged.PreviousState);
        Assert.Equal(new DateTime(2026, 11, 26, 8, 5, 0, DateTimeKind.Utc), judged.LastSeen);
        Assert.StartsWith("Its edge cluster has node(s) down: shop-1 (Ready Unknown: NodeStatusUnknown, last heard 2026-11-26 07:56:20Z).", judged.Reason, StringComparison.Ordinal);
        Assert.EndsWith("What its objects say: Ready: The L4 edge cluster is up.", judged.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_node_the_kubelet_reports_not_ready_is_heard_and_degrades_the_unit()
    {
        var heartbeats = NodeHeartbeats.From([Heard("shop-1", "shop", "2026-11-26T08:00:00Z", ready: "False"), Heard("shop-2", "shop", "2026-11-26T08:00:00Z")], []);

        var judged = NodeHealthRule.Apply("shop", ReadyUnit with { State = KinsState.Promoting }, heartbeats);

        Assert.Equal(KinsState.Degraded, judged.State);
        Assert.Contains("shop-1 (Ready False: KubeletNotReady, last heard 2026-11-26 08:00:00Z)", judged.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("shop-2", judged.Reason, StringComparison.Ordinal);
        Assert.Equal(new DateTime(2026, 11, 26, 8, 0, 0, DateTimeKind.Utc), judged.LastSeen);
    }

    [Fact]
    public void A_promotion_still_creating_objects_stays_promoting_and_names_the_nodes_it_waits_on()
    {
        var heartbeats = NodeHeartbeats.From([Silent("shop-1", "shop", "2026-11-26T07:56:20Z"), Heard("shop-2", "shop", "2026-11-26T08:00:00Z")], []);
        var creating = new KinsObservation(KinsState.Promoting, "Promoting to L4: waiting for DaemonSet shop-agent-kins (absent).", [],
            [new KinsComponentStatus(KinsComponent.AgentDaemonSet, "DaemonSet", "shop-agent-kins", Expected: true, Present: false, Ready: false, "absent")]);

        var judged = NodeHealthRule.Apply("shop", creating, heartbeats);

        Assert.Equal(KinsState.Promoting, judged.State);
        Assert.EndsWith("Node(s) down: shop-1 (Ready Unknown: NodeStatusUnknown, last heard 2026-11-26 07:56:20Z); their pods cannot start until they are back.", judged.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_standard_unit_with_a_node_down_stays_standard()
    {
        var heartbeats = NodeHeartbeats.From([Silent("shop-1", "shop", "2026-11-26T07:56:20Z"), Heard("shop-2", "shop", "2026-11-26T08:00:00Z")], []);

        Assert.Equal(KinsState.Standard, NodeHealthRule.Apply("shop", ReadyUnit with { State = KinsState.Standard }, heartbeats).State);
    }

    [Fact]
    public void Without_leases_the_ready_condition_heartbeat_is_last_seen()
    {
        var heartbeats = NodeHeartbeats.From([Silent("shop-1", "shop", "2026-11-26T07:56:20Z")], []);

        var judged = NodeHealthRule.Apply("shop", ReadyUnit with { State = KinsState.Standard }, heartbeats);

        Assert.Equal(KinsState.Offline, judged.State);
        Assert.Equal(new DateTime(2026, 11, 26, 7, 56, 20, DateTimeKind.Utc), judged.LastSeen);
    }

    [Theory]
    [InlineData(KinsState.Deleting)]
    [InlineData(KinsState.Failed)]
    [InlineData(KinsState.Demoting)]
    public void States_decided_in_the_cloud_stay(KinsState state)
    {
        var heartbeats = NodeHeartbeats.From([Silent("shop-1", "shop", "2026-11-26T07:56:20Z")], []);

        Assert.Equal(state, NodeHealthRule.Apply("shop", ReadyUnit with { State = state }, heartbeats).State);
    }

    [Fact]
    public void A_unit_without_member_nodes_is_not_offline()
    {
        var heartbeats = NodeHeartbeats.From([Silent("other-1", "other", "2026-11-26T07:56:20Z")], []);

        var judged = NodeHealthRule.Apply("shop", ReadyUnit, heartbeats);

        Assert.Equal(KinsState.Ready, judged.State);
        Assert.Null(judged.LastSeen);
    }
}
