using Kins.Core.Observe;
using Kins.Core.Output;

namespace Kins.Core.Health;

/// <summary>An offline site in the fleet summary.</summary>
public sealed record OfflineSite(string Name, string AutonomyLevel, DateTime? LastSeen, string For);

/// <summary>A failed unit in the fleet summary, with site-manager's own message.</summary>
public sealed record FailedUnit(string Name, string AutonomyLevel, string Message);

/// <summary>One screen about a fleet of NodeUnits (PowerShell type name Kins.FleetSummary).</summary>
public sealed class FleetSummary
{
    public int Total { get; init; }
    /// <summary>Units per spec.autonomyLevel, in level order.</summary>
    public IReadOnlyDictionary<string, int> ByLevel { get; init; } = new Dictionary<string, int>();
    /// <summary>Units per state, most numerous first.</summary>
    public IReadOnlyDictionary<string, int> ByState { get; init; } = new Dictionary<string, int>();
    /// <summary>Offline units, longest silent first.</summary>
    public IReadOnlyList<OfflineSite> Offline { get; init; } = [];
    public IReadOnlyList<FailedUnit> Failed { get; init; } = [];
    public IReadOnlyList<string> Contexts { get; init; } = [];

    /// <summary>"L3 2, L4 50" for the view.</summary>
    public string LevelText => Join(ByLevel);
    /// <summary>"Ready 49, Offline 1" for the view.</summary>
    public string StateText => Join(ByState);

    public static FleetSummary From(IEnumerable<NodeUnitInfo> units, DateTime utcNow)
    {
        ArgumentNullException.ThrowIfNull(units);
        var all = units.GroupBy(u => (u.Context, u.Name)).Select(g => g.Last()).ToList();
        return new FleetSummary
        {
            Total = all.Count,
            ByLevel = all.GroupBy(LevelOf, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            ByState = all.GroupBy(u => u.KinsState.ToString(), StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            Offline = [.. all.Where(u => u.KinsState == KinsState.Offline).OrderBy(u => u.LastSeen ?? DateTime.MinValue).ThenBy(u => u.Name, StringComparer.Ordinal)
                .Select(u => new OfflineSite(u.Name, LevelOf(u), u.LastSeen, u.LastSeen is { } seen ? KubeDuration.Humanize(utcNow - seen) : "<unknown>"))],
            Failed = [.. all.Where(u => u.KinsState == KinsState.Failed).OrderBy(u => u.Name, StringComparer.Ordinal)
                .Select(u => new FailedUnit(u.Name, LevelOf(u), u.SiteManagerMessage ?? u.Reason))],
            Contexts = [.. all.Select(u => u.Context ?? string.Empty).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
        };
    }

    // An unknown spec.autonomyLevel is shown as stored, so the summary names what the unit really says.
    private static string LevelOf(NodeUnitInfo unit) => unit.AutonomyLevel?.ToString() ?? unit.StoredAutonomyLevel ?? "?";

    private static string Join(IReadOnlyDictionary<string, int> counts) =>
        counts.Count == 0 ? "none" : string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}"));
}
