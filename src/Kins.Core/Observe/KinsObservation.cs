namespace Kins.Core.Observe;

/// <summary>What Observe concluded about one NodeUnit.</summary>
/// <param name="State">The kins state.</param>
/// <param name="Reason">Why, in words an operator can act on.</param>
/// <param name="ServerNodes">Nodes of the unit labelled as K3s servers, sorted.</param>
/// <param name="Components">The edge cluster's objects: those the level needs, then any leftovers.</param>
public sealed record KinsObservation(KinsState State, string Reason, IReadOnlyList<string> ServerNodes, IReadOnlyList<KinsComponentStatus> Components)
{
    /// <summary>site-manager's own failure message (its Init condition), when it reported one.</summary>
    public string? SiteManagerMessage { get; init; }
}
