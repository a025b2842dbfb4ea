using System.Text.Json.Nodes;
using Kins.Core.Model;
using Kins.Core.Plan;
using Kins.Core.SuperEdge;
using Kins.Sandbox.Controllers;
using Kins.Sandbox.Store;
using Kins.Sandbox.World;
using static Kins.Sandbox.Controllers.JsonEdit;

namespace Kins.Sandbox.SiteManager;

/// <summary>
/// site-manager's reconciliation of one NodeUnit (SITE-MANAGER.md): finalizer and default label, node membership,
/// status, promotion to L4/L5 with exactly <see cref="KinsPlan"/>'s objects, demotion teardown, and deletion
/// blocked above L3. NodeUnits are written with full updates, as v0.9 does.
/// </summary>
internal sealed partial class UnitReconciler
{
    private readonly StoreClient _client;
    private readonly ResourceType _units;
    private readonly DeletionWarnings _warnings;
    private readonly IEdgeEndpoints? _edges;

    public UnitReconciler(StoreClient client, ResourceType units, DeletionWarnings warnings, IEdgeEndpoints? edges)
    {
        _edges = edges;
        _client = client;
        _units = units;
        _warnings = warnings;
    }

    public void Reconcile(string name)
    {
        var stored = _client.Get(_units, null, name);
        if (stored is null)
        {
            return;
        }
        var unit = stored.Parse();
        var level = AutonomyLevels.FromSpec((string?)unit["spec"]?["autonomyLevel"]);
        if (stored.IsDeleting)
        {
            ReconcileDeletion(name, unit, level);
            return;
        }
        if (!EnsureFinalizerAndLabel(name))
        {
            return;
        }
        unit = _client.Get(_units, null, name)?.Parse();
        if (unit is null)
        {
            return;
        }
        var members = UnitMembers.Of(_client, unit);
        SyncNodes(name, unit, members);
        WriteStatus(name, members, clusterStatus: null);
        switch (level)
        {
            case null:
                // site-manager ignores a level it does not know (v0.9 logs a warning).
                break;
            case AutonomyLevel.L3:
                Demote(name, unit, members);
                break;
            default:
                Promote(name, unit, level.Value, members);
                break;
        }
    }

    private void ReconcileDeletion(string name, JsonObject unit, AutonomyLevel? level)
    {
        if (level is AutonomyLevel.L4 or AutonomyLevel.L5)
        {
            _warnings.Record(_client, unit, level.Value);
            return;
        }
        var members = UnitMembers.Of(_client, unit);
        Teardown(name, unit, members);
        ReleaseNodes(name, members, leaving: members.Nodes);
        _client.Mutate(_units, null, name, u =>
        {
            var finalizers = Arr(Obj(u, "metadata"), "finalizers");
            var mine = finalizers.Where(f => (string?)f == SuperEdgeNames.Finalizer).ToList();
            mine.ForEach(f => finalizers.Remove(f));
            return mine.Count > 0;
        });
        _warnings.Forget((string?)unit["metadata"]?["uid"]);
    }

    /// <summary>Adds the finalizer and <c>spec.setNode.labels[unit]</c>; false when the unit is gone.</summary>
    private bool EnsureFinalizerAndLabel(string name) =>
        _client.Mutate(_units, null, name, u =>
        {
            var changed = false;
            var finalizers = Arr(Obj(u, "metadata"), "finalizers");
            if (!finalizers.Any(f => (string?)f == SuperEdgeNames.Finalizer))
            {
                finalizers.Add(SuperEdgeNames.Finalizer);
                changed = true;
            }
            var labels = Obj(Obj(Obj(u, "spec"), "setNode"), "labels");
            if ((string?)labels[SuperEdgeNames.MembershipLabelKey(name)] != SuperEdgeNames.MembershipLabelValue)
            {
                labels[SuperEdgeNames.MembershipLabelKey(name)] = SuperEdgeNames.MembershipLabelValue;
                changed = true;
            }
            return changed;
        }) is not null;

    /// <summary>Applies spec.setNode to the members; strips the membership label (and server role) from nodes that left.</summary>
    private void SyncNodes(string name, JsonObject unit, UnitMembers members)
    {
        var setNode = unit["spec"]?["setNode"] as JsonObject;
        var labels = ReadMap(setNode?["labels"]);
        var annotations = ReadMap(setNode?["annotations"]);
        var taints = (setNode?["taints"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        foreach (var node in members.Nodes)
        {
            _client.Mutate(BuiltinResources.Nodes, null, node.Name, n =>
            {
                var changed = false;
                var meta = Obj(n, "metadata");
                foreach (var (k, v) in labels) { changed |= Put(Obj(meta, "labels"), k, v); }
                foreach (var (k, v) in annotations) { changed |= Put(Obj(meta, "annotations"), k, v); }
                var nodeTaints = Arr(Obj(n, "spec"), "taints");
                foreach (var taint in taints.Where(t => !nodeTaints.OfType<JsonObject>().Any(x => SameTaint(x, t))))
                {
                    nodeTaints.Add(taint.DeepClone());
                    changed = true;
                }
                if (nodeTaints.Count == 0) { ((JsonObject)n["spec"]!).Remove("taints"); }
                return changed;
            });
        }
        var memberNames = members.Nodes.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        var leaving = _client.List(BuiltinResources.Nodes, labels: LabelSelector.FromMatchLabels(
                [new(SuperEdgeNames.MembershipLabelKey(name), SuperEdgeNames.MembershipLabelValue)]))
            .Where(n => !memberNames.Contains(n.Name)).ToList();
        ReleaseNodes(name, members, leaving);
    }

    private void ReleaseNodes(string name, UnitMembers members, IReadOnlyList<StoredObject> leaving)
    {
        _ = members;
        foreach (var node in leaving)
        {
            _client.Mutate(BuiltinResources.Nodes, null, node.Name, n =>
            {
                var labels = Obj(Obj(n, "metadata"), "labels");
                var changed = labels.Remove(SuperEdgeNames.MembershipLabelKey(name));
                changed |= labels.Remove(SuperEdgeNames.KinsRoleLabel);
                changed |= RemoveKinsTaint(n);
                return changed;
            });
        }
    }

    private void WriteStatus(string name, UnitMembers members, JsonObject? clusterStatus, bool clearClusterStatus = false)
    {
        _client.Mutate(_units, null, name, u =>
        {
            var status = Obj(u, "status");
            var before = status.DeepClone();
            status["readyRate"] = $"{members.Ready.Count}/{members.Nodes.Count}";
            status["readyNodes"] = Strings(members.Ready);
            status["notReadyNodes"] = Strings(members.NotReady);
            if (clusterStatus is not null)
            {
                KeepProbeTimes(status["unitClusterStatus"] as JsonObject, clusterStatus);
                status["unitClusterStatus"] = clusterStatus;
            }
            else if (clearClusterStatus)
            {
                status.Remove("unitClusterStatus");
            }
            return !JsonNode.DeepEquals(before, status);
        }, subresource: "status");
    }

    private static bool Put(JsonObject map, string key, string value)
    {
        if ((string?)map[key] == value)
        {
            return false;
        }
        map[key] = value;
        return true;
    }

    private static bool SameTaint(JsonObject a, JsonObject b) =>
        (string?)a["key"] == (string?)b["key"] && (string?)a["effect"] == (string?)b["effect"];

    private static bool RemoveKinsTaint(JsonObject node)
    {
        if (node["spec"]?["taints"] is not JsonArray taints)
        {
            return false;
        }
        var kins = taints.OfType<JsonObject>().Where(t => (string?)t["key"] == SuperEdgeNames.KinsTaintKey).ToList();
        kins.ForEach(t => taints.Remove(t));
        if (taints.Count == 0) { ((JsonObject)node["spec"]!).Remove("taints"); }
        return kins.Count > 0;
    }

    /// <summary>An unchanged condition keeps its probe time, so a repeated failure does not rewrite the unit forever.</summary>
    private static void KeepProbeTimes(JsonObject? old, JsonObject next)
    {
        var oldConditions = (old?["conditions"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        foreach (var c in (next["conditions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var same = oldConditions.FirstOrDefault(o => (string?)o["type"] == (string?)c["type"] && (string?)o["status"] == (string?)c["status"]
                && (string?)o["message"] == (string?)c["message"]);
            if (same is not null)
            {
                c["lastProbeTime"] = same["lastProbeTime"]?.DeepClone();
                c["lastTransitionTime"] = same["lastTransitionTime"]?.DeepClone();
            }
        }
    }

    private void EnsureKinsNamespace() => WorldBuilder.EnsureNamespace(_client.Store, SuperEdgeNames.KinsNamespace);
}
