namespace Kins.Core.Observe;

/// <summary>
/// A promoted or standard unit is Offline when the cloud no longer hears from any of its nodes: every member's Ready
/// condition is Unknown, which the node lifecycle controller writes (reason NodeStatusUnknown, "Kubelet stopped
/// posting node status.") once a node's Lease has not been renewed for the grace period (40 s by default). The edge
/// cluster may well go on serving inside the site; the cloud just cannot tell. LastSeen is the newest heartbeat.
/// </summary>
public static class OfflineRule
{
    internal const string UnknownStatus = "Unknown";

    /// <summary>The observation with LastSeen set, and turned Offline when the rule says so.</summary>
    public static KinsObservation Apply(string unit, KinsObservation observation, NodeHeartbeats heartbeats)
    {
        ArgumentNullException.ThrowIfNull(observation);
        ArgumentNullException.ThrowIfNull(heartbeats);
        var members = heartbeats.MembersOf(unit);
        var lastSeen = members.Max(m => m.LastSeen);
        var judged = observation with { LastSeen = lastSeen };
        // Deleting, Failed and Demoting say more than Offline would, and are decided in the cloud anyway.
        if (members.Count == 0 || observation.State is not (KinsState.Ready or KinsState.Degraded or KinsState.Promoting or KinsState.Standard)
            || !members.All(m => m.ReadyStatus == UnknownStatus))
        {
            return judged;
        }
        var since = lastSeen is { } seen ? $"since {seen:yyyy-MM-dd HH:mm:ss}Z" : "for as long as it has existed";
        var reasons = string.Join(", ", members.Select(m => m.ReadyReason).Where(r => !string.IsNullOrEmpty(r)).Distinct(StringComparer.Ordinal));
        return judged with
        {
            State = KinsState.Offline,
            Reason = $"The cloud has not heard from any of its nodes ({string.Join(", ", members.Select(m => m.Name).Order(StringComparer.Ordinal))}) {since}"
                + (reasons.Length > 0 ? $" (Ready is Unknown: {reasons})" : " (Ready is Unknown)")
                // Not "before the cut": the node lifecycle controller marks the pods of Unknown nodes not ready, so a Ready
                // unit reads as Promoting once cut off; what the cloud shows of it is stale either way.
                + $"; the site's link is down or its nodes are off. The cloud's stale view of it: {observation.State}: {observation.Reason}"
                + (observation.State is not KinsState.Standard ? " Its edge cluster may still serve inside the site (its edge kubeconfig works there); Test-KinsEdgeCluster checks it through the tunnel." : string.Empty),
            PreviousState = observation.State,
        };
    }
}
