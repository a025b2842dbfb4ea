using k8s;
using k8s.Models;
using Kins.Core.Observe;
using Xunit;

namespace Kins.Core.Tests.Observe;

/// <summary>The Offline rule from Nodes and Leases as a real cluster writes them (kubelet heartbeats, node lifecycle controller).</summary>
public sealed class OfflineRuleTests
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
         "status":{"conditions":[{"type":"Ready","status":"{{{ready}}}","lastHeartbeatTime":"{{{lastHeartbeat}}}","lastTransitionTime":"2026-11-26T07:00:00Z","reason":"KubeletReady","message":"kubelet is posting ready status"}]}}
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

        var judged = OfflineRule.Apply("shop", ReadyUnit, heartbeats);

        Assert.Equal(KinsState.Offline, judged.State);
        Assert.Equal(KinsState.Ready, judged.PreviousState);
        Assert.Equal(new DateTime(2026, 11, 26, 8, 0, 30, DateTimeKind.Utc).AddTicks(10), judged.LastSeen);
        Assert.Contains("NodeStatusUnknown", judged.Reason, StringComparison.Ordinal);
        Assert.Contains("shop-1, shop-2", judged.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void One_node_still_heard_keeps_the_unit_online()
    {
        var heartbeats = NodeHeartbeats.From(
            [Silent("shop-1", "shop", "2026-11-26T07:56:20Z"), Heard("shop-2", "shop", "2026-11-26T07:58:00Z")],
            [Lease("shop-2", "2026-11-26T08:05:00Z")]);

        var judged = OfflineRule.Apply("shop", ReadyUnit, heartbeats);

        Assert.Equal(KinsState.Ready, judged.State);
        Assert.Equal(new DateTime(2026, 11, 26, 8, 5, 0, DateTimeKind.Utc), judged.LastSeen);
    }

    [Fact]
    public void A_node_the_kubelet_reports_not_ready_is_heard_and_not_offline()
    {
        var heartbeats = NodeHeartbeats.From([Heard("shop-1", "shop", "2026-11-26T08:00:00Z", ready: "False")], []);

        var judged = OfflineRule.Apply("shop", ReadyUnit with { State = KinsState.Degraded }, heartbeats);

        Assert.Equal(KinsState.Degraded, judged.State);
        Assert.Equal(new DateTime(2026, 11, 26, 8, 0, 0, DateTimeKind.Utc), judged.LastSeen);
    }

    [Fact]
    public void Without_leases_the_ready_condition_heartbeat_is_last_seen()
    {
        var heartbeats = NodeHeartbeats.From([Silent("shop-1", "shop", "2026-11-26T07:56:20Z")], []);

        var judged = OfflineRule.Apply("shop", ReadyUnit with { State = KinsState.Standard }, heartbeats);

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

        Assert.Equal(state, OfflineRule.Apply("shop", ReadyUnit with { State = state }, heartbeats).State);
    }

    [Fact]
    public void A_unit_without_member_nodes_is_not_offline()
    {
        var heartbeats = NodeHeartbeats.From([Silent("other-1", "other", "2026-11-26T07:56:20Z")], []);

        var judged = OfflineRule.Apply("shop", ReadyUnit, heartbeats);

        Assert.Equal(KinsState.Ready, judged.State);
        Assert.Null(judged.LastSeen);
    }
}
