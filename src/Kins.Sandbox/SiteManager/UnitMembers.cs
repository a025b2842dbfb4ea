using System.Text.Json.Nodes;
using Kins.Core.SuperEdge;
using Kins.Sandbox.Controllers;
using Kins.Sandbox.Simulation;
using Kins.Sandbox.Store;

namespace Kins.Sandbox.SiteManager;

/// <summary>Which nodes belong to a unit (spec.nodes plus spec.selector) and which of them are Ready.</summary>
internal sealed record UnitMembers(IReadOnlyList<StoredObject> Nodes, IReadOnlyList<string> Ready, IReadOnlyList<string> NotReady)
{
    public static UnitMembers Of(StoreClient client, JsonObject unit)
    {
        var spec = unit["spec"] as JsonObject;
        var nodes = new Dictionary<string, StoredObject>(StringComparer.Ordinal);
        foreach (var name in JsonEdit.ReadStrings(spec?["nodes"]))
        {
            if (client.Get(BuiltinResources.Nodes, null, name) is { } node) { nodes[name] = node; }
        }
        if (Selector(spec?["selector"] as JsonObject) is { } selector)
        {
            var annotations = JsonEdit.ReadMap(spec?["selector"]?["annotations"]);
            foreach (var node in client.List(BuiltinResources.Nodes, labels: selector))
            {
                if (annotations.Count == 0 || MatchesAnnotations(node, annotations)) { nodes[node.Name] = node; }
            }
        }
        var sorted = nodes.Values.OrderBy(n => n.Name, StringComparer.Ordinal).ToList();
        var ready = new List<string>();
        var notReady = new List<string>();
        foreach (var node in sorted)
        {
            (NodeReadiness.IsReady(node.Parse()) ? ready : notReady).Add(node.Name);
        }
        return new UnitMembers(sorted, ready, notReady);
    }

    /// <summary>SuperEdge's rule: an empty selector selects nothing.</summary>
    private static LabelSelector? Selector(JsonObject? selector)
    {
        if (selector is null)
        {
            return null;
        }
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

    private static bool MatchesAnnotations(StoredObject node, Dictionary<string, string> annotations)
    {
        var actual = JsonEdit.ReadMap(node.Parse()["metadata"]?["annotations"]);
        return annotations.All(a => actual.TryGetValue(a.Key, out var v) && v == a.Value);
    }

    public static bool IsServer(StoredObject node) =>
        node.Labels.TryGetValue(SuperEdgeNames.KinsRoleLabel, out var role) && role == SuperEdgeNames.KinsRoleServer;
}
