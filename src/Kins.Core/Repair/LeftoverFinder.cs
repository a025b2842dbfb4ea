using System.Globalization;
using k8s;
using k8s.Models;
using Kins.Core.Connection;
using Kins.Core.Model;
using Kins.Core.NodeUnits;
using Kins.Core.SuperEdge;

namespace Kins.Core.Repair;

/// <summary>
/// Finds what SuperEdge v0.9 leaves behind for a unit, by the rules of SITE-MANAGER.md only: whatever the sheet does
/// not show to be a leftover is not reported. One finder per cluster and call: the units' levels are read once.
/// </summary>
public sealed class LeftoverFinder
{
    private readonly KinsConnection _connection;
    private readonly string? _kubeconfig;
    private Dictionary<string, NodeUnit>? _units;

    public LeftoverFinder(KinsConnection connection, string? kubeconfig)
    {
        _connection = connection;
        _kubeconfig = kubeconfig;
    }

    public async Task<IReadOnlyList<NodeUnitLeftover>> FindAsync(string unitName, CancellationToken cancellationToken)
    {
        var unit = await NodeUnitReader.FindAsync(_connection, unitName, null, cancellationToken).ConfigureAwait(false);
        var units = await UnitsAsync(cancellationToken).ConfigureAwait(false);
        if (unit is null)
        {
            // A deleted unit is still named by what it left on its nodes; with no trace at all, it is simply not found.
            var traces = await DeletedUnitLeftoversAsync(unitName, units, cancellationToken).ConfigureAwait(false);
            return traces.Count > 0 ? traces : throw NodeUnitReader.NotFound(_connection, unitName);
        }
        var found = new List<NodeUnitLeftover>();
        if (unit.Spec.AutonomyLevel == AutonomyLevel.L3.ToSpecValue())
        {
            found.AddRange(await NodeLeftoversAsync(unit, units, cancellationToken).ConfigureAwait(false));
        }
        found.AddRange(await VolumeLeftoversAsync(unit, cancellationToken).ConfigureAwait(false));
        if (unit.Spec.AutonomyLevel == AutonomyLevel.L4.ToSpecValue())
        {
            found.AddRange(await JoinLeftoverAsync(unit, cancellationToken).ConfigureAwait(false));
        }
        return found;
    }

    /// <summary>Members of an L3 unit: role labels (flaws 4, 5), the kins taint and stripped NoSchedule taints (flaws 4, 7).</summary>
    private async Task<IEnumerable<NodeUnitLeftover>> NodeLeftoversAsync(NodeUnit unit, IReadOnlyDictionary<string, NodeUnit> units, CancellationToken cancellationToken)
    {
        var name = unit.Name;
        var listed = new HashSet<string>(unit.Spec.Nodes ?? [], StringComparer.Ordinal);
        var selectorOnly = listed.Count == 0;
        var members = await ListAsync(ct => _connection.Client.CoreV1.ListNodeAsync(labelSelector: SuperEdgeNames.MembershipSelector(name), cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        var found = new List<NodeUnitLeftover>();
        var allNodes = name == SuperEdgeNames.AllNodesUnit;
        foreach (var node in (members?.Items ?? []).OrderBy(n => n.Metadata.Name, StringComparer.Ordinal))
        {
            var nodeName = node.Metadata.Name;
            var claimedBy = PromotedUnitsOf(node, units, except: name);
            var labels = node.Metadata.Labels ?? new Dictionary<string, string>();
            // unit-node-all spans every Linux node but never sets a role or taint of its own (flaw 13): a mark on a node that
            // another unit counts as a member is that unit's, and reported there only.
            if (allNodes && OtherUnitsOf(node, units, except: name).Count > 0)
            {
                continue;
            }
            var owner = allNodes
                ? $"No unit but '{name}' counts {nodeName} as a member, and site-manager never promotes '{name}' itself (it creates it at L3 and never updates it); the unit that left this was deleted or edited since{Lingering(node, units)}."
                : $"NodeUnit '{name}' is L3";
            // site-manager itself strips the role from nodes listed in spec.nodes at every L3 pass (kins.go:566-578).
            if (labels.TryGetValue(SuperEdgeNames.KinsRoleLabel, out var role) && !listed.Contains(nodeName) && claimedBy.Count == 0)
            {
                found.Add(ForNode(name, nodeName, LeftoverKind.RoleLabel, $"{SuperEdgeNames.KinsRoleLabel}={role}",
                    allNodes
                        ? $"{owner} No promoted unit counts {nodeName} as a member, yet any unit promoted over it would take it as its K3s server (flaw 5)."
                        : $"{owner} and v0.9 removes the role only from nodes in spec.nodes (flaws 4, 5); no promoted unit counts {nodeName} as a member, yet any unit promoted over it would take it as its K3s server.",
                    removable: true, $"remove the label {SuperEdgeNames.KinsRoleLabel} from node {nodeName}"));
            }
            if (!selectorOnly)
            {
                continue;
            }
            foreach (var taint in node.Spec?.Taints ?? [])
            {
                if (taint.Key == SuperEdgeNames.KinsTaintKey && claimedBy.Count == 0)
                {
                    found.Add(ForNode(name, nodeName, LeftoverKind.KinsTaint, TaintText.Of(taint),
                        allNodes
                            ? $"{owner} No promoted unit counts {nodeName} as a member, so the kins taint only keeps host pods off it (flaw 4)."
                            : $"{owner} and selects its nodes only by selector, so v0.9 never removes the taint it set at promotion (flaw 4); no promoted unit counts {nodeName} as a member.",
                        removable: true, $"remove the taint {TaintText.Of(taint)} from node {nodeName}"));
                }
                // unit-node-all has no setNode taints of site-manager's making to strip: any NoSchedule taint on any node would
                // be reported, burying the real findings.
                else if (!allNodes && IsStrippable(taint) && !ListedByAnyUnit(taint, units))
                {
                    found.Add(ForNode(name, nodeName, LeftoverKind.StrippedTaint, TaintText.Of(taint),
                        $"A NoSchedule taint on a member of L3 unit '{name}' that no unit's spec.setNode.taints lists: v0.9's L3 pass drops every NoSchedule taint from setNode (flaw 7) and, the unit having no spec.nodes, leaves it on the nodes; but it may as well have been set another way.",
                        removable: false, $"reported only: if it was wanted, Repair-NodeUnit {name} -RestoreTaint '{TaintText.Of(taint)}' puts it on the members that lack it"));
                }
            }
        }
        return found;
    }

    /// <summary>
    /// What a deleted unit left on the nodes that still carry its membership label (flaw 4: selector-only units never
    /// clean their nodes, and the in-memory cleanup of the others is lost if site-manager restarts): its role label
    /// and kins taint where no promoted unit claims the node, and the membership label itself, listed last for each
    /// node because once it is gone the node's other marks can no longer be found by this name.
    /// </summary>
    private async Task<List<NodeUnitLeftover>> DeletedUnitLeftoversAsync(string name, IReadOnlyDictionary<string, NodeUnit> units, CancellationToken cancellationToken)
    {
        var found = new List<NodeUnitLeftover>();
        if (name == SuperEdgeNames.AllNodesUnit || NodeUnitNameRules.Check(name, AutonomyLevel.L3) is not null)
        {
            return found;
        }
        var membership = SuperEdgeNames.MembershipSelector(name);
        var nodes = await ListAsync(ct => _connection.Client.CoreV1.ListNodeAsync(labelSelector: membership, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        var gone = $"NodeUnit '{name}' no longer exists, yet {{0}} still carries {{1}} (flaw 4: v0.9 never cleans the nodes of a selector-only unit, and queues the cleanup of the others in memory only)";
        foreach (var node in (nodes?.Items ?? []).OrderBy(n => n.Metadata.Name, StringComparer.Ordinal))
        {
            var nodeName = node.Metadata.Name;
            var unclaimed = PromotedUnitsOf(node, units, except: name).Count == 0;
            var labels = node.Metadata.Labels ?? new Dictionary<string, string>();
            if (unclaimed && labels.TryGetValue(SuperEdgeNames.KinsRoleLabel, out var role))
            {
                found.Add(ForNode(name, nodeName, LeftoverKind.RoleLabel, $"{SuperEdgeNames.KinsRoleLabel}={role}",
                    string.Format(CultureInfo.InvariantCulture, gone, nodeName, "its K3s server role") + $"; no promoted unit counts {nodeName} as a member, yet any unit promoted over it would take it as its K3s server (flaw 5).",
                    removable: true, $"remove the label {SuperEdgeNames.KinsRoleLabel} from node {nodeName}"));
            }
            foreach (var taint in (node.Spec?.Taints ?? []).Where(t => unclaimed && t.Key == SuperEdgeNames.KinsTaintKey))
            {
                found.Add(ForNode(name, nodeName, LeftoverKind.KinsTaint, TaintText.Of(taint),
                    string.Format(CultureInfo.InvariantCulture, gone, nodeName, "the kins taint it set") + $"; no promoted unit counts {nodeName} as a member, so the taint only keeps host pods off it.",
                    removable: true, $"remove the taint {TaintText.Of(taint)} from node {nodeName}"));
            }
            found.Add(ForNode(name, nodeName, LeftoverKind.MembershipLabel, membership,
                string.Format(CultureInfo.InvariantCulture, gone, nodeName, "its membership label") + $"; node events for {nodeName} then reach none of its units until the next resync (flaw 18).",
                removable: true, $"remove the label {SuperEdgeNames.MembershipLabelKey(name)} from node {nodeName} (after its other marks: without it they cannot be found by this name)"));
        }
        return found;
    }

    /// <summary>What the L3 filter strips (kins.go:580-596), less the kins taint and the taints Kubernetes' own controllers set (unreachable, not-ready, control-plane).</summary>
    private static bool IsStrippable(V1Taint taint) =>
        taint.Effect == "NoSchedule" && taint.Key != SuperEdgeNames.KinsTaintKey && !RestorableTaint.IsKubernetesOwned(taint.Key);

    /// <summary>Existing units other than <paramref name="except"/> whose membership label the node carries.</summary>
    private static IReadOnlyList<string> OtherUnitsOf(V1Node node, IReadOnlyDictionary<string, NodeUnit> units, string except) =>
        [.. MembershipKeys(node).Where(k => k != except && units.ContainsKey(k))];

    /// <summary>", its membership label 'x=nodeunits.superedge.io' remains" for units that no longer exist (flaw 4).</summary>
    private static string Lingering(V1Node node, IReadOnlyDictionary<string, NodeUnit> units)
    {
        var gone = MembershipKeys(node).Where(k => !units.ContainsKey(k)).Select(SuperEdgeNames.MembershipSelector).ToList();
        return gone.Count == 0 ? string.Empty : $" (the node still carries {string.Join(", ", gone)} of a unit that no longer exists)";
    }

    private static IEnumerable<string> MembershipKeys(V1Node node) =>
        (node.Metadata.Labels ?? new Dictionary<string, string>()).Where(l => l.Value == SuperEdgeNames.MembershipLabelValue).Select(l => l.Key);

    /// <summary>PVs (and their bound PVCs) of server nodes that no longer exist.</summary>
    private async Task<IEnumerable<NodeUnitLeftover>> VolumeLeftoversAsync(NodeUnit unit, CancellationToken cancellationToken)
    {
        var name = unit.Name;
        var volumes = await ListAsync(ct => _connection.Client.CoreV1.ListPersistentVolumeAsync(labelSelector: SuperEdgeNames.UnitResourceSelector(name), cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        var prefix = SuperEdgeNames.LocalPersistentVolume(name, string.Empty);
        var found = new List<NodeUnitLeftover>();
        foreach (var volume in (volumes?.Items ?? []).Where(v => v.Metadata.Name.StartsWith(prefix, StringComparison.Ordinal)).OrderBy(v => v.Metadata.Name, StringComparer.Ordinal))
        {
            var nodeName = volume.Metadata.Name[prefix.Length..];
            var node = await ApiReads.GetOrNullAsync(_connection, ct => _connection.Client.CoreV1.ReadNodeAsync(nodeName, cancellationToken: ct), name, cancellationToken).ConfigureAwait(false);
            if (node is not null)
            {
                continue;
            }
            var why = $"Node {nodeName} no longer exists; v0.9 deletes a server's PV and PVC only when the node leaves spec.nodes, not when the Node is deleted, and the server pod stays Pending on the gone node's volume.";
            if (volume.Spec?.ClaimRef is { Name: { } claim } claimRef)
            {
                var ns = string.IsNullOrEmpty(claimRef.NamespaceProperty) ? SuperEdgeNames.KinsNamespace : claimRef.NamespaceProperty;
                var pvc = await ApiReads.GetOrNullAsync(_connection, ct => _connection.Client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync(claim, ns, cancellationToken: ct), name, cancellationToken).ConfigureAwait(false);
                if (pvc is not null)
                {
                    found.Add(new NodeUnitLeftover
                    {
                        NodeUnit = name, Kind = LeftoverKind.ServerClaim, Resource = $"pvc/{claim}", Detail = $"{ns}/{claim} bound to {volume.Metadata.Name}",
                        Reason = why, Removable = true, Action = $"clear its finalizers and delete PVC {ns}/{claim}, as site-manager does",
                        Context = _connection.ContextName, Kubeconfig = _kubeconfig, Namespace = ns, Name = claim, NodeName = nodeName,
                    });
                }
            }
            found.Add(new NodeUnitLeftover
            {
                NodeUnit = name, Kind = LeftoverKind.ServerVolume, Resource = $"pv/{volume.Metadata.Name}", Detail = $"hostPath on {nodeName}",
                Reason = why, Removable = true, Action = $"clear its finalizers and delete PV {volume.Metadata.Name}, as site-manager does",
                Context = _connection.ContextName, Kubeconfig = _kubeconfig, Name = volume.Metadata.Name, NodeName = nodeName,
            });
        }
        return found;
    }

    /// <summary>The join servers an L5 → L4 change keeps (flaw 10): reported, never removed.</summary>
    private async Task<IEnumerable<NodeUnitLeftover>> JoinLeftoverAsync(NodeUnit unit, CancellationToken cancellationToken)
    {
        var name = SuperEdgeNames.JoinStatefulSet(unit.Name);
        var join = await ApiReads.GetOrNullAsync(_connection, ct => _connection.Client.AppsV1.ReadNamespacedStatefulSetAsync(name, SuperEdgeNames.KinsNamespace, cancellationToken: ct), unit.Name, cancellationToken).ConfigureAwait(false);
        return join is null ? [] :
        [
            new NodeUnitLeftover
            {
                NodeUnit = unit.Name, Kind = LeftoverKind.JoinStatefulSet, Resource = $"statefulset/{name}", Detail = $"{join.Spec?.Replicas ?? 0} join servers",
                Reason = "The unit is L4 but v0.9 keeps the L5 join servers after L5 → L4 (flaw 10); they are members of its embedded etcd.",
                Removable = false,
                Action = "reported only: deleting them would leave the etcd with 1 of 3 members and no quorum; to shrink, demote to L3 (destroys the K3s cluster) and promote to L4",
                Context = _connection.ContextName, Kubeconfig = _kubeconfig, Namespace = SuperEdgeNames.KinsNamespace, Name = name,
            },
        ];
    }

    /// <summary>Units at L4/L5 other than <paramref name="except"/> whose membership label the node carries.</summary>
    internal static IReadOnlyList<string> PromotedUnitsOf(V1Node node, IReadOnlyDictionary<string, NodeUnit> units, string except) =>
        [.. (node.Metadata.Labels ?? new Dictionary<string, string>())
            .Where(l => l.Value == SuperEdgeNames.MembershipLabelValue && l.Key != except)
            .Where(l => units.TryGetValue(l.Key, out var other) && other.Spec.AutonomyLevel is "L4" or "L5")
            .Select(l => l.Key)];

    private static bool ListedByAnyUnit(V1Taint taint, IReadOnlyDictionary<string, NodeUnit> units) =>
        units.Values.Any(u => u.Spec.SetNode?.Taints?.Any(t => t.Key == taint.Key && t.Effect == taint.Effect) == true);

    private NodeUnitLeftover ForNode(string unit, string node, LeftoverKind kind, string item, string reason, bool removable, string action) => new()
    {
        NodeUnit = unit, Kind = kind, Resource = $"node/{node}", Detail = item, Reason = reason, Removable = removable, Action = action,
        Context = _connection.ContextName, Kubeconfig = _kubeconfig, NodeName = node,
    };

    /// <summary>Forgets the units' levels read so far: the next find reads them again (before a repair).</summary>
    public void Refresh() => _units = null;

    internal async Task<IReadOnlyDictionary<string, NodeUnit>> UnitsAsync(CancellationToken cancellationToken)
    {
        if (_units is null)
        {
            var units = new Dictionary<string, NodeUnit>(StringComparer.Ordinal);
            await foreach (var unit in NodeUnitReader.ListAsync(_connection, new NodeUnitFilter(), cancellationToken).ConfigureAwait(false))
            {
                units[unit.Name] = unit;
            }
            _units = units;
        }
        return _units;
    }

    private Task<T?> ListAsync<T>(Func<CancellationToken, Task<T>> list, CancellationToken cancellationToken) where T : class =>
        ApiReads.GetOrNullAsync(_connection, list, null, cancellationToken);
}
