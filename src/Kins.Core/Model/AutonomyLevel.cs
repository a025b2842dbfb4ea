using System.Diagnostics.CodeAnalysis;

namespace Kins.Core.Model;

/// <summary>A NodeUnit's autonomy level: L3 is a plain node pool, L4 and L5 run an edge K3s cluster.</summary>
// long, not int: ConvertTo-Json writes 64-bit enums by name ("Ready", not 2), so exports read like the views.
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1028:Enum Storage should be Int32", Justification = "ConvertTo-Json writes 64-bit enums as their names.")]
public enum AutonomyLevel : long
{
    /// <summary>Standard node pool; autonomy per node.</summary>
    L3 = 3,
    /// <summary>One K3s server with embedded etcd (<c>--cluster-init</c>); needs 1 ready node.</summary>
    L4 = 4,
    /// <summary>Three K3s servers (the L4 one and two joining it, embedded etcd); needs 3 ready nodes.</summary>
    L5 = 5,
}

public static class AutonomyLevels
{
    public const AutonomyLevel Default = AutonomyLevel.L3;

    public static IReadOnlyList<AutonomyLevel> All { get; } = [AutonomyLevel.L3, AutonomyLevel.L4, AutonomyLevel.L5];

    /// <summary>
    /// Parses what an operator types: "L3", "L4" or "L5", case-insensitive, surrounding blanks ignored.
    /// Kins always writes the exact spelling (<see cref="ToSpecValue"/>); stored values are read with <see cref="FromSpec"/>.
    /// </summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out AutonomyLevel level)
    {
        level = Default;
        var trimmed = text?.Trim();
        if (trimmed is null || trimmed.Length != 2 || (trimmed[0] != 'L' && trimmed[0] != 'l'))
        {
            return false;
        }
        switch (trimmed[1])
        {
            case '3': level = AutonomyLevel.L3; return true;
            case '4': level = AutonomyLevel.L4; return true;
            case '5': level = AutonomyLevel.L5; return true;
            default: return false;
        }
    }

    public static AutonomyLevel Parse(string? text) =>
        TryParse(text, out var level)
            ? level
            : throw new FormatException(
                $"'{text}' is not an autonomy level. Use L3 (standard node pool), L4 (single-master K3s cluster) or L5 (three-master K3s cluster).");

    /// <summary>
    /// The level a stored NodeUnit means to site-manager, which compares exactly: an absent field is the CRD's
    /// default, L3; exactly "L3", "L4", "L5" are levels; anything else ("l4", "L4 ", "") is ignored by site-manager
    /// (it installs and removes nothing) and blocks the unit's deletion, so it is no level (null).
    /// </summary>
    public static AutonomyLevel? FromSpec(string? specValue) => specValue switch
    {
        null => Default,
        "L3" => AutonomyLevel.L3,
        "L4" => AutonomyLevel.L4,
        "L5" => AutonomyLevel.L5,
        _ => null,
    };

    public static string ToSpecValue(this AutonomyLevel level) => level switch
    {
        AutonomyLevel.L3 => "L3",
        AutonomyLevel.L4 => "L4",
        AutonomyLevel.L5 => "L5",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Unknown autonomy level."),
    };

    /// <summary>Ready nodes a level needs: servers are chosen among them.</summary>
    public static int RequiredServerNodes(this AutonomyLevel level) => level switch
    {
        AutonomyLevel.L4 => 1,
        AutonomyLevel.L5 => 3,
        _ => 0,
    };

    public static bool HasEdgeCluster(this AutonomyLevel level) => level != AutonomyLevel.L3;
}
