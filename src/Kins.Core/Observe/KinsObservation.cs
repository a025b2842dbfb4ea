namespace Kins.Core.Observe;

/// <summary>What Observe concluded about one NodeUnit.</summary>
/// <param name="State">The kins state.</param>
/// <param name="Reason">Why, in words an operator can act on.</param>
/// <param name="ServerNodes">The unit's K3s server nodes, sorted (see <see cref="ServerRoles"/>).</param>
/// <param name="Components">The edge cluster's objects: those the level needs, then any leftovers.</param>
public sealed record KinsObservation(KinsState State, string Reason, IReadOnlyList<string> ServerNodes, IReadOnlyList<KinsComponentStatus> Components)
{
    /// <summary>site-manager's own failure message, when its Failed phase is current (see <see cref="FailureIsCurrent"/>).</summary>
    public string? SiteManagerMessage { get; init; }

    /// <summary>The failure site-manager last reported, current or stale (v0.9 never clears it).</summary>
    public SiteManagerFailure? LastFailure { get; init; }

    /// <summary>The Failed phase is current: rewritten within 2·S, after the last level change, with the edge cluster not up.</summary>
    public bool FailureIsCurrent { get; init; }

    /// <summary>
    /// Selector-chosen members that keep <c>site.superedge.io/kins-role=server</c> after a demotion (v0.9 removes it only
    /// from nodes in spec.nodes); any unit later promoted over them counts them as its servers (flaw 5).
    /// </summary>
    public IReadOnlyList<string> LeftoverServerRoleNodes { get; init; } = [];

    /// <summary>The newest heartbeat of the unit's nodes (Lease renewTime or Ready lastHeartbeatTime), UTC.</summary>
    public DateTime? LastSeen { get; init; }

    /// <summary>When Offline: the state the objects in the cloud would give.</summary>
    public KinsState? PreviousState { get; init; }

    /// <summary>
    /// Demoting, and site-manager's teardown is done: only K3s server pods are still ending (their kubelet has not
    /// confirmed, e.g. on a site cut off from the cloud). Enough to delete the unit; not yet Standard.
    /// </summary>
    public bool OnlyServerPodsRemain { get; init; }

    /// <summary>Known leftovers and quirks of SuperEdge v0.9 that do not change the state, each with advice.</summary>
    public IReadOnlyList<string> Notices { get; init; } = [];
}
