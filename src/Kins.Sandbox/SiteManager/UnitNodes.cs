using System.Text.Json.Nodes;
using Kins.Core.SuperEdge;
using Kins.Sandbox.Controllers;
using Kins.Sandbox.Simulation;
using Kins.Sandbox.Store;

namespace Kins.Sandbox.SiteManager;

/// <summary>
/// site-manager's node helpers (pkg/site-manager/utils/node.go): a unit's members, its readiness status, and putting
/// <c>spec.setNode</c> on nodes or taking it off, flaws included.
/// </summary>
internal static class UnitNodes
{
    /// <summary>
    /// GetNodesByUnit (node.go:213-255): the existing nodes named in <c>spec.nodes</c> (absent names skipped) plus
    /// those the selector's matchLabels and matchExpressions select; its annotations are ignored and a selector with
    /// neither selects nothing.
    /// </summary>
    public static Dictionary<string, StoredObject> Members(StoreClient client, Unit unit)
    {
        var members = new Dictionary<string, StoredObject>(StringComparer.Ordinal);
        foreach (var name in unit.Nodes)
        {
            if (client.Get(BuiltinResources.Nodes, null, name) is { } node) { members[name] = node; }
        }
        if (unit.Selector is { } selector && ToLabelSelector(selector) is { } labels)
        {
            foreach (var node in client.List(BuiltinResources.Nodes, labels: labels)) { members[node.Name] = node; }
        }
        return members;
    }

    /// <summary>The nodes labelled <c>&lt;unit&gt;=nodeunits.superedge.io</c> (what site-manager takes as the unit's nodes so far).</summary>
    public static Dictionary<string, StoredObject> Labelled(StoreClient client, string unit) =>
        client.List(BuiltinResources.Nodes, labels: LabelSelector.FromMatchLabels([new(unit, SuperEdgeNames.MembershipLabelValue)]))
            .ToDictionary(n => n.Name, StringComparer.Ordinal);

    private static LabelSelector? ToLabelSelector(JsonObject selector)
    {
        var matchLabels = JsonEdit.ReadMap(selector["matchLabels"]);
        var expressions = (selector["matchExpressions"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        if (matchLabels.Count == 0 && expressions.Count == 0)
        {
            return null;
        }
        var result = LabelSelector.FromMatchLabels(matchLabels);
        foreach (var e in expressions)
        {
            result = result.And((string?)e["key"] ?? string.Empty, (string?)e["operator"] ?? string.Empty, JsonEdit.ReadStrings(e["values"]));
        }
        return result;
    }

    /// <summary>
    /// CaculateNodeUnitStatus (node.go:34-51): <c>readyRate</c> "ready/total", member names sorted into
    /// <c>readyNodes</c> and <c>notReadyNodes</c> (each left out when empty); Ready = condition Ready=True.
    /// </summary>
    public static JsonObject ReadinessStatus(IEnumerable<StoredObject> members)
    {
        var ready = new List<string>();
        var notReady = new List<string>();
        foreach (var node in members)
        {
            (NodeReadiness.IsReady(node.Parse()) ? ready : notReady).Add(node.Name);
        }
        ready.Sort(StringComparer.Ordinal);
        notReady.Sort(StringComparer.Ordinal);
        var status = new JsonObject { ["readyRate"] = $"{ready.Count}/{ready.Count + notReady.Count}" };
        if (ready.Count > 0) { status["readyNodes"] = JsonEdit.Strings(ready); }
        if (notReady.Count > 0) { status["notReadyNodes"] = JsonEdit.Strings(notReady); }
        return status;
    }

    /// <summary>
    /// SetNodeToNodes (node.go:257-344): a member lacking any setNode label, annotation or taint gets them in one
    /// whole-node Update from the read copy (409 if the node changed since). Flaws kept: the annotation check looks
    /// at the node's labels, so a unit with setNode annotations updates its members at every pass; and with a node
    /// that already has taints, each missing setNode taint re-appends the ones found missing before it, so the
    /// update repeats a taint and the API server refuses it (flaw 8).
    /// </summary>
    public static void ApplySetNode(StoreClient client, Unit unit, IEnumerable<StoredObject> members)
    {
        var labels = unit.SetNodeLabels;
        var annotations = unit.SetNodeAnnotations;
        var taints = unit.SetNodeTaints;
        foreach (var stored in members)
        {
            var node = stored.Parse();
            var meta = JsonEdit.Obj(node, "metadata");
            var nodeLabels = meta["labels"] as JsonObject;
            var nodeAnnotations = meta["annotations"] as JsonObject;
            var nodeTaints = node["spec"]?["taints"] as JsonArray;
            var labelSet = labels is null || labels.All(l => nodeLabels is not null && (string?)nodeLabels[l.Key] == (string?)l.Value);
            var annotationSet = annotations is null || annotations.All(a => nodeAnnotations is not null && (string?)nodeLabels?[a.Key] == (string?)a.Value);
            var taintSet = taints is null || (nodeTaints is not null && taints.OfType<JsonObject>().All(t => Contains(nodeTaints, t)));
            if (labelSet && annotationSet && taintSet)
            {
                continue;
            }
            if (labels is not null) { Merge(meta, "labels", labels); }
            if (annotations is not null) { Merge(meta, "annotations", annotations); }
            if (taints is not null)
            {
                if (nodeTaints is null)
                {
                    JsonEdit.Obj(node, "spec")["taints"] = taints.DeepClone();
                }
                else
                {
                    var missing = new List<JsonObject>();
                    foreach (var taint in taints.OfType<JsonObject>())
                    {
                        if (!Contains(nodeTaints, taint)) { missing.Add(taint); }
                        foreach (var m in missing) { nodeTaints.Add(m.DeepClone()); }
                    }
                }
            }
            client.Update(BuiltinResources.Nodes, node);
        }
    }

    /// <summary>
    /// DeleteNodesFromSetNode (node.go:346-420): only for units with a non-empty <c>spec.nodes</c>. Each node loses
    /// the setNode label keys (membership label included) and annotation keys, and every taint whose key is a
    /// setNode taint key; a node not listed in <c>spec.nodes</c> also loses <c>site.superedge.io/kins-role</c> and, if
    /// it had one, its PV <c>&lt;unit&gt;-local-pv-&lt;node&gt;</c>, the PVC bound to it, and its K3s server pods.
    /// </summary>
    public static void RemoveSetNode(StoreClient client, Unit unit, IEnumerable<StoredObject> nodes)
    {
        var listed = unit.Nodes;
        if (listed.Count == 0)
        {
            return;
        }
        var labels = unit.SetNodeLabels;
        var annotations = unit.SetNodeAnnotations;
        var taintKeys = (unit.SetNodeTaints ?? []).OfType<JsonObject>().Select(t => (string?)t["key"]).ToHashSet(StringComparer.Ordinal);
        foreach (var stored in nodes)
        {
            var node = stored.Parse();
            var meta = JsonEdit.Obj(node, "metadata");
            var notListed = !listed.Contains(stored.Name, StringComparer.Ordinal);
            if (labels is not null && meta["labels"] is JsonObject nodeLabels)
            {
                foreach (var (key, _) in labels.ToList()) { nodeLabels.Remove(key); }
                if (notListed) { nodeLabels.Remove(SuperEdgeNames.KinsRoleLabel); }
            }
            if (annotations is not null && meta["annotations"] is JsonObject nodeAnnotations)
            {
                foreach (var (key, _) in annotations.ToList()) { nodeAnnotations.Remove(key); }
            }
            if (node["spec"]?["taints"] is JsonArray nodeTaints)
            {
                foreach (var t in nodeTaints.OfType<JsonObject>().Where(t => taintKeys.Contains((string?)t["key"])).ToList()) { nodeTaints.Remove(t); }
            }
            client.Update(BuiltinResources.Nodes, node);
            if (notListed && stored.Labels.ContainsKey(SuperEdgeNames.KinsRoleLabel))
            {
                RemoveServerStorageAndPods(client, unit.Name, stored.Name);
            }
        }
    }

    private static void RemoveServerStorageAndPods(StoreClient client, string unit, string node)
    {
        var pvName = SuperEdgeNames.LocalPersistentVolume(unit, node);
        if (client.Get(BuiltinResources.PersistentVolumes, null, pvName) is { } pv)
        {
            client.Mutate(BuiltinResources.PersistentVolumes, null, pvName, p => JsonEdit.Obj(p, "metadata").Remove("finalizers"));
            client.DeleteIfExists(BuiltinResources.PersistentVolumes, null, pvName);
            if (pv.Parse()["spec"]?["claimRef"] is JsonObject claim && (string?)claim["name"] is { } claimName)
            {
                var claimNs = (string?)claim["namespace"];
                client.Mutate(BuiltinResources.PersistentVolumeClaims, claimNs, claimName, c => JsonEdit.Obj(c, "metadata").Remove("finalizers"));
                client.DeleteIfExists(BuiltinResources.PersistentVolumeClaims, claimNs, claimName);
            }
        }
        var servers = LabelSelector.FromMatchLabels([new(SuperEdgeNames.KinsRoleLabel, SuperEdgeNames.KinsRoleServer)]);
        foreach (var pod in client.List(BuiltinResources.Pods, SuperEdgeNames.KinsNamespace, servers)
            .Where(p => (string?)p.Parse()["spec"]?["nodeName"] == node))
        {
            client.DeleteIfExists(BuiltinResources.Pods, pod.Namespace, pod.Name);
        }
    }

    /// <summary>TaintInSlices (node.go:475-482): same key, effect and value.</summary>
    public static bool Contains(JsonArray taints, JsonObject taint) =>
        taints.OfType<JsonObject>().Any(t => (string?)t["key"] == (string?)taint["key"]
            && (string?)t["effect"] == (string?)taint["effect"] && (string?)t["value"] == (string?)taint["value"]);

    private static void Merge(JsonObject meta, string field, JsonObject entries)
    {
        var target = JsonEdit.Obj(meta, field);
        foreach (var (key, value) in entries) { target[key] = value?.DeepClone(); }
    }
}
