using System.Text.RegularExpressions;
using k8s.Models;
using Kins.Core.Connection;
using Kins.Core.Errors;
using Kins.Core.Model;

namespace Kins.Core.Reconcile;

/// <summary>What New-NodeUnit creates: a unit over named nodes, validated as Kubernetes names before anything is sent.</summary>
public sealed partial class NewNodeUnit
{
    private static readonly string[] Types = ["edge", "cloud", "master", "other"];

    public NewNodeUnit(string name, IReadOnlyList<string> nodes)
    {
        Name = name;
        // A node named twice is one member (spec.nodes is a set to site-manager).
        Nodes = [.. (nodes ?? []).Distinct(StringComparer.Ordinal)];
    }

    public string Name { get; }
    public IReadOnlyList<string> Nodes { get; }
    public string Type { get; init; } = "edge";
    /// <summary>The level to reach; the unit is always created at L3 and promoted after (see KinsReconciler.CreateAsync).</summary>
    public AutonomyLevel Level { get; init; } = AutonomyLevel.L3;
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>The nodes of the request that do not exist on the cluster (the unit can still be created; site-manager ignores them).</summary>
    public async Task<IReadOnlyList<string>> MissingNodesAsync(KinsConnection connection, CancellationToken cancellationToken)
    {
        var (_, missing) = await NodeUnitApi.ReadyNodesAsync(connection, Nodes, cancellationToken).ConfigureAwait(false);
        return missing;
    }

    /// <summary>Refuses names a Kubernetes API server would reject, naming the rule they break.</summary>
    public void Validate()
    {
        // Valid as a resource is not enough: site-manager must be able to act on it at the requested level (SITE-MANAGER.md, "Unit names").
        if (Kins.Core.SuperEdge.NodeUnitNameRules.Check(Name, Level) is { } violation)
        {
            throw violation.ToException(Name);
        }
        if (Nodes.Count == 0)
        {
            throw Invalid("A NodeUnit needs at least one node: pass -Node with the names of its nodes.");
        }
        foreach (var node in Nodes)
        {
            CheckName(node, "node name", Name);
        }
        if (!Types.Contains(Type, StringComparer.Ordinal))
        {
            throw Invalid($"'{Type}' is not a NodeUnit type; use one of {string.Join(", ", Types)}.");
        }
    }

    internal NodeUnit ToNodeUnit() => new()
    {
        Metadata = new V1ObjectMeta { Name = Name, Labels = Labels.Count == 0 ? null : new Dictionary<string, string>(Labels) },
        Spec = new NodeUnitSpec { AutonomyLevel = AutonomyLevel.L3.ToSpecValue(), Nodes = [.. Nodes], Type = Type, Unschedulable = false },
    };

    private static void CheckName(string value, string what, string target)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 253 || !Dns1123Subdomain().IsMatch(value))
        {
            throw new KinsException(KinsErrorIds.InvalidNodeUnitName, KinsErrorCategory.InvalidArgument,
                $"'{value}' is not a valid {what}: use at most 253 lower-case letters, digits, '-' and '.', starting and ending with a letter or digit (a Kubernetes DNS-1123 subdomain).",
                target);
        }
    }

    private KinsException Invalid(string message) => new(KinsErrorIds.InvalidNodeUnitName, KinsErrorCategory.InvalidArgument, message, Name);

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1123Subdomain();
}
