namespace Kins.Core.Repair;

/// <summary>
/// One thing SuperEdge v0.9 left behind for a unit (PowerShell type name Kins.NodeUnitLeftover), for review before
/// Repair-NodeUnit removes it. Only findings with <see cref="Removable"/> are ever changed.
/// </summary>
public sealed class NodeUnitLeftover
{
    public required string NodeUnit { get; init; }
    public required LeftoverKind Kind { get; init; }
    /// <summary>The object concerned as kubectl names it, e.g. <c>node/edge1</c>, <c>pv/test-local-pv-edge1</c>.</summary>
    public required string Resource { get; init; }
    /// <summary>The label, taint or object in question, e.g. <c>site.superedge.io/kins-role=server</c>.</summary>
    public required string Detail { get; init; }
    /// <summary>Why it is a leftover, with the SITE-MANAGER.md flaw it comes from.</summary>
    public required string Reason { get; init; }
    /// <summary>Repair-NodeUnit removes it; false for what is reported only.</summary>
    public bool Removable { get; init; }
    /// <summary>What Repair-NodeUnit does with it, or why it does nothing.</summary>
    public required string Action { get; init; }
    public string? Context { get; init; }
    public string? Kubeconfig { get; init; }

    /// <summary>Set on the objects Repair-NodeUnit emits with -PassThru once the change was made.</summary>
    public bool Repaired { get; init; }

    internal string? NodeName { get; init; }
    internal string? Namespace { get; init; }
    internal string? Name { get; init; }

    /// <summary>This finding, marked as repaired.</summary>
    public NodeUnitLeftover AsRepaired() => new()
    {
        NodeUnit = NodeUnit, Kind = Kind, Resource = Resource, Detail = Detail, Reason = Reason, Removable = Removable, Action = Action,
        Context = Context, Kubeconfig = Kubeconfig, Repaired = true, NodeName = NodeName, Namespace = Namespace, Name = Name,
    };

    public override string ToString() => $"{NodeUnit}: {Kind} {Resource} {Detail}";
}
