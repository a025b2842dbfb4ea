using Kins.Core.Model;

namespace Kins.Core.NodeUnits;

/// <summary>
/// Which NodeUnits a read wants. Exact names are fetched with a server-side name field selector; patterns
/// (wildcards, matched by <see cref="NameMatches"/>) filter a full paged list.
/// </summary>
public sealed class NodeUnitFilter
{
    /// <summary>Names without wildcards: each is looked up by itself, and a missing one is reported.</summary>
    public IReadOnlyList<string> ExactNames { get; init; } = [];

    /// <summary>True when some names were patterns: the whole list is read and <see cref="NameMatches"/> filters it.</summary>
    public bool HasPatterns { get; init; }

    /// <summary>Matches a name against the patterns (the cmdlet supplies PowerShell's wildcard matching).</summary>
    public Func<string, bool> NameMatches { get; init; } = _ => true;

    /// <summary>A Kubernetes label selector on the NodeUnits, sent to the server.</summary>
    public string? LabelSelector { get; init; }

    /// <summary>Only units whose spec.autonomyLevel means this level (an empty field is L3).</summary>
    public AutonomyLevel? Level { get; init; }

    /// <summary>Everything: no names given.</summary>
    public bool IsAll => ExactNames.Count == 0 && !HasPatterns;

    internal bool Accepts(NodeUnit unit) => Level is null || unit.Level == Level;
}
