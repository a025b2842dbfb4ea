using k8s;
using k8s.Models;
using Kins.Core.Connection;
using Kins.Core.Errors;
using Kins.Core.Model;
using Kins.Core.NodeUnits;
using Kins.Core.SuperEdge;

namespace Kins.Core.Repair;

/// <summary>Where a named taint stands on one member node.</summary>
public enum TaintOnNode
{
    /// <summary>The node lacks it: restoring adds it.</summary>
    Missing,
    /// <summary>The node carries it already, value included.</summary>
    Present,
    /// <summary>The node carries the key with this effect but another value (taints are unique by key and effect): left alone.</summary>
    OtherValue,
}

/// <summary>One member node of a unit and where the named taint stands on it.</summary>
public sealed record TaintTarget(string NodeName, TaintOnNode State, string? Current);

/// <summary>
/// Puts back on a unit's member nodes the NoSchedule taints the user names: site-manager's L3 taint filter strips
/// them from <c>spec.setNode.taints</c> (kins.go:580-596) and, for a unit with <c>spec.nodes</c>, the update then
/// takes them off the nodes (node_unit.go:225-254; node.go:445-460). Kins cannot tell a stripped taint from an
/// intended removal, so it restores only what it is told to. It writes the Node objects, never setNode: the next L3
/// pass would strip setNode again, while no pass removes a node taint that no setNode change names.
/// </summary>
public static class TaintRestorer
{
    /// <summary>The unit's (which must exist) members, i.e. the nodes carrying its membership label, in name order.</summary>
    public static async Task<IReadOnlyList<TaintTarget>> PlanAsync(KinsConnection connection, string unitName, NodeTaint taint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(taint);
        if (unitName == SuperEdgeNames.AllNodesUnit)
        {
            throw new KinsException(KinsErrorIds.DefaultNodeUnitNotRestorable, KinsErrorCategory.InvalidOperation,
                $"NodeUnit '{unitName}' spans every Linux node, masters included, and site-manager never sets or strips a taint through it (it creates it once, without taints): name the unit whose taint was stripped. Nothing was changed.", unitName);
        }
        _ = await NodeUnitReader.GetAsync(connection, unitName, cancellationToken).ConfigureAwait(false);
        var selector = SuperEdgeNames.MembershipSelector(unitName);
        var members = await ApiReads.GetOrNullAsync(connection, ct => connection.Client.CoreV1.ListNodeAsync(labelSelector: selector, cancellationToken: ct), unitName, cancellationToken).ConfigureAwait(false);
        var targets = (members?.Items ?? [])
            .OrderBy(n => n.Metadata.Name, StringComparer.Ordinal)
            .Select(n => Classify(n.Metadata.Name, n.Spec?.Taints ?? [], taint.ToV1()))
            .ToList();
        return targets;
    }

    /// <summary>Adds <paramref name="taint"/> to the node, decided again on a fresh read; false when the node is gone or no longer lacks it.</summary>
    public static Task<bool> RestoreAsync(KinsConnection connection, string nodeName, NodeTaint taint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(taint);
        var wanted = taint.ToV1();
        return NodeTaintPatch.ChangeAsync(connection, nodeName, taints =>
            Classify(nodeName, taints, wanted).State == TaintOnNode.Missing ? [.. taints, wanted] : null, cancellationToken);
    }

    internal static TaintTarget Classify(string nodeName, IEnumerable<V1Taint> taints, V1Taint wanted)
    {
        var same = taints.FirstOrDefault(t => t.Key == wanted.Key && t.Effect == wanted.Effect);
        if (same is null)
        {
            return new(nodeName, TaintOnNode.Missing, null);
        }
        var value = string.IsNullOrEmpty(same.Value) ? null : same.Value;
        return new(nodeName, value == wanted.Value ? TaintOnNode.Present : TaintOnNode.OtherValue, TaintText.Of(same));
    }
}
