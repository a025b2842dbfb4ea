using System.Globalization;

namespace Kins.Core.Observe;

/// <summary>
/// What the health of a unit's nodes adds to what its objects say. A promoted or standard unit is Offline when the
/// cloud no longer hears from any of its nodes: every member's Ready condition is Unknown, which the node lifecycle
/// controller writes (reason NodeStatusUnknown, "Kubelet stopped posting node status.") once a node's Lease has not been
/// renewed for the grace period (40 s by default). The edge cluster may well go on serving inside the site; the cloud
/// just cannot tell. A promoted unit with only some members down (Ready Unknown or False) is Degraded: the DaemonSet
/// controller drops a tainted node from its desired count, so the workloads alone can read as up without it.
/// LastSeen is the newest heartbeat.
/// </summary>
public static class NodeHealthRule
{
    internal const string UnknownStatus = "Unknown";

    /// <summary>The observation with LastSeen set, turned Offline or Degraded when the unit's nodes say so.</summary>
    public static KinsObservation Apply(string unit, KinsObservation observation, NodeHeartbeats heartbeats)
    {
        ArgumentNullException.ThrowIfNull(observation);
        ArgumentNullException.ThrowIfNull(heartbeats);
        var members = heartbeats.MembersOf(unit);
        var lastSeen = members.Max(m => m.LastSeen);
        var judged = observation with { LastSeen = lastSeen };
        // Deleting, Failed and Demoting say more than the nodes would, and are decided in the cloud anyway.
        if (members.Count == 0 || observation.State is not (KinsState.Ready or KinsState.Degraded or KinsState.Promoting or KinsState.Standard))
        {
            return judged;
        }
        if (members.All(m => m.ReadyStatus == UnknownStatus))
        {
            return Offline(members, judged, lastSeen);
        }
        var down = members.Where(m => m.ReadyStatus != "True").OrderBy(m => m.Name, StringComparer.Ordinal).ToList();
        if (down.Count == 0 || observation.State == KinsState.Standard)
        {
            return judged;
        }
        var nodes = string.Join(", ", down.Select(Describe));
        if (observation.State == KinsState.Promoting && observation.Components.Any(c => c.Expected && !c.Present))
        {
            // Not every object is created yet: still a promotion, but one that waits on these nodes too.
            return judged with { Reason = $"{observation.Reason} Node(s) down: {nodes}; their pods cannot start until they are back." };
        }
        return judged with
        {
            State = KinsState.Degraded,
            Reason = $"Its edge cluster has node(s) down: {nodes}. The pods there are not ready until they are back; check the node, its kubelet and the site's link. What its objects say: {observation.State}: {observation.Reason}",
            PreviousState = observation.State,
        };
    }

    private static KinsObservation Offline(IReadOnlyList<NodeHeartbeat> members, KinsObservation judged, DateTime? lastSeen)
    {
        var since = lastSeen is { } seen ? $"since {Stamp(seen)}" : "for as long as it has existed";
        var reasons = string.Join(", ", members.Select(m => m.ReadyReason).Where(r => !string.IsNullOrEmpty(r)).Distinct(StringComparer.Ordinal));
        return judged with
        {
            State = KinsState.Offline,
            Reason = $"The cloud has not heard from any of its nodes ({string.Join(", ", members.Select(m => m.Name).Order(StringComparer.Ordinal))}) {since}"
                + (reasons.Length > 0 ? $" (Ready is Unknown: {reasons})" : " (Ready is Unknown)")
                // Not "before the cut": the node lifecycle controller marks the pods of Unknown nodes not ready, so a Ready
                // unit reads as Promoting once cut off; what the cloud shows of it is stale either way.
                + $"; the site's link is down or its nodes are off. The cloud's stale view of it: {judged.State}: {judged.Reason}"
                + (judged.State is not KinsState.Standard ? " Its edge cluster may still serve inside the site (its edge kubeconfig works there); Test-KinsEdgeCluster checks it through the tunnel." : string.Empty),
            PreviousState = judged.State,
        };
    }

    /// <summary>"shop-2 (Ready Unknown: NodeStatusUnknown, last heard 2026-11-26 08:00:30Z)".</summary>
    private static string Describe(NodeHeartbeat node) =>
        $"{node.Name} (Ready {node.ReadyStatus ?? "missing"}"
        + (string.IsNullOrEmpty(node.ReadyReason) ? string.Empty : ": " + node.ReadyReason)
        + (node.LastSeen is { } seen ? ", last heard " + Stamp(seen) : string.Empty) + ")";

    private static string Stamp(DateTime time) => time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "Z";
}
