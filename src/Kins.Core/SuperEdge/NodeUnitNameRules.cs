using System.Globalization;
using System.Text.RegularExpressions;
using Kins.Core.Errors;
using Kins.Core.Model;

namespace Kins.Core.SuperEdge;

/// <summary>Which rule of SITE-MANAGER.md's "Unit names" table a name breaks, with its error id and the reason.</summary>
public sealed record NodeUnitNameViolation(string ErrorId, string Message)
{
    public KinsException ToException(string unit) =>
        new(ErrorId, KinsErrorCategory.InvalidArgument, Message, unit)
        {
            RecommendedAction = ErrorId == KinsErrorIds.DefaultNodeUnitNotPromotable
                ? "Create a unit of its own over the nodes to promote (New-NodeUnit -Name <name> -Node <nodes>) and promote that one."
                : $"Use a name that starts with a lower-case letter, has only a-z, 0-9 and '-', and at most {NodeUnitNameRules.SafeLength} characters (safe for every level): ^[a-z]([-a-z0-9]*[a-z0-9])?$.",
        };
}

/// <summary>
/// The names site-manager can act on, per level (SITE-MANAGER.md, "Unit names"). A valid NodeUnit name may still
/// be one site-manager can never promote: its Services, StatefulSet pods or node label would be refused. Checked
/// before any write, so nothing is left half-made.
/// </summary>
public static partial class NodeUnitNameRules
{
    /// <summary>The name is a node label key (node_unit.go:444-451).</summary>
    public const int MaxLength = 63;
    /// <summary><c>&lt;unit&gt;-server-kins-init</c> is a Service name, at most 63.</summary>
    public const int MaxLengthToPromote = 46;
    /// <summary>Pod label <c>controller-revision-hash: &lt;unit&gt;-server-kins-&lt;hash&gt;</c>, at most 63.</summary>
    public const int MaxLengthL4 = 40;
    /// <summary>Pod label <c>controller-revision-hash: &lt;unit&gt;-server-kins-join-&lt;hash&gt;</c>, at most 63.</summary>
    public const int MaxLengthL5 = 35;
    /// <summary>Safe for every level.</summary>
    public const int SafeLength = MaxLengthL5;

    /// <summary>The first rule <paramref name="name"/> breaks for a unit at <paramref name="level"/>; null when site-manager can act on it.</summary>
    public static NodeUnitNameViolation? Check(string name, AutonomyLevel level)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || name.Length > 253 || !Dns1123Subdomain().IsMatch(name))
        {
            return new(KinsErrorIds.InvalidNodeUnitName,
                $"'{name}' is not a valid NodeUnit name: use lower-case letters, digits, '-' and '.', starting and ending with a letter or digit (a Kubernetes DNS-1123 subdomain).");
        }
        if (name.Length > MaxLength)
        {
            return new(KinsErrorIds.NodeUnitNameTooLong,
                Text($"NodeUnit name '{name}' has {name.Length} characters; site-manager uses the name as a node label key (at most {MaxLength}) and fails such a unit at every pass, and its deletion never completes."));
        }
        if (!level.HasEdgeCluster())
        {
            return null;
        }
        var target = level.ToSpecValue();
        if (name == SuperEdgeNames.AllNodesUnit)
        {
            return new(KinsErrorIds.DefaultNodeUnitNotPromotable,
                $"NodeUnit '{name}' is site-manager's default unit over every Linux node (masters included); promoting it to {target} would build one K3s cluster over all of them. Kins does not promote it.");
        }
        if (!Dns1035Label().IsMatch(name))
        {
            return new(KinsErrorIds.NodeUnitNameNotPromotable,
                $"NodeUnit '{name}' cannot be promoted to {target}: its Services '{SuperEdgeNames.KinsService(name)}' and '{SuperEdgeNames.KinsInitService(name)}' need a DNS-1035 label (start with a lower-case letter, only a-z, 0-9 and '-', no dots), so site-manager's install would fail.");
        }
        if (name.Length > MaxLengthToPromote)
        {
            return new(KinsErrorIds.NodeUnitNameTooLongToPromote,
                Text($"NodeUnit name '{name}' has {name.Length} characters; to be promoted it may have at most {MaxLengthToPromote}, since the Service '{SuperEdgeNames.KinsInitService(name)}' must fit in 63."));
        }
        if (name.Length > MaxLengthL4)
        {
            return new(KinsErrorIds.NodeUnitNameTooLongForL4,
                Text($"NodeUnit name '{name}' has {name.Length} characters; at L4 or L5 it may have at most {MaxLengthL4}: the pods of StatefulSet '{SuperEdgeNames.ServerStatefulSet(name)}' carry a revision label that must fit in 63, else no K3s server starts and site-manager reports nothing."));
        }
        if (level == AutonomyLevel.L5 && name.Length > MaxLengthL5)
        {
            return new(KinsErrorIds.NodeUnitNameTooLongForL5,
                Text($"NodeUnit name '{name}' has {name.Length} characters; at L5 it may have at most {MaxLengthL5}: the pods of StatefulSet '{SuperEdgeNames.JoinStatefulSet(name)}' carry a revision label that must fit in 63, else the two joining K3s servers never start. L4 works with this name."));
        }
        return null;
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1123Subdomain();

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1035Label();
}
