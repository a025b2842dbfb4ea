using System.Text.Json.Nodes;
using Kins.Sandbox.Controllers;
using Kins.Sandbox.Store;

namespace Kins.Sandbox.Simulation;

/// <summary>Where a pod template may run: its nodeSelector, required node affinity, and required pod anti-affinity by hostname.</summary>
internal static class Placement
{
    public static bool Fits(JsonObject podSpec, StoredObject node)
    {
        foreach (var (key, value) in JsonEdit.ReadMap(podSpec["nodeSelector"]))
        {
            if (!node.Labels.TryGetValue(key, out var actual) || actual != value) { return false; }
        }
        var terms = podSpec["affinity"]?["nodeAffinity"]?["requiredDuringSchedulingIgnoredDuringExecution"]?["nodeSelectorTerms"] as JsonArray;
        if (terms is { Count: > 0 } && !terms.OfType<JsonObject>().Any(t => TermMatches(t, node)))
        {
            return false;
        }
        return true;
    }

    /// <summary>True when a pod with <paramref name="podLabels"/> may join <paramref name="nodePods"/> on one node under the template's anti-affinity.</summary>
    public static bool AntiAffinityAllows(JsonObject podSpec, IEnumerable<IReadOnlyDictionary<string, string>> nodePods)
    {
        var rules = podSpec["affinity"]?["podAntiAffinity"]?["requiredDuringSchedulingIgnoredDuringExecution"] as JsonArray;
        if (rules is null)
        {
            return true;
        }
        foreach (var rule in rules.OfType<JsonObject>())
        {
            var selector = LabelSelector.FromMatchLabels(JsonEdit.ReadMap(rule["labelSelector"]?["matchLabels"]));
            if (nodePods.Any(selector.Matches)) { return false; }
        }
        return true;
    }

    /// <summary>The pods the template's anti-affinity cares about (none: an empty result, cheaply).</summary>
    public static LabelSelector AntiAffinitySelector(JsonObject podSpec)
    {
        var rules = podSpec["affinity"]?["podAntiAffinity"]?["requiredDuringSchedulingIgnoredDuringExecution"] as JsonArray;
        var first = rules?.OfType<JsonObject>().FirstOrDefault();
        return first is null
            ? LabelSelector.Parse("!" + "kubernetes.io/hostname").And("kubernetes.io/hostname", "Exists", null)
            : LabelSelector.FromMatchLabels(JsonEdit.ReadMap(first["labelSelector"]?["matchLabels"]));
    }

    private static bool TermMatches(JsonObject term, StoredObject node)
    {
        foreach (var e in (term["matchExpressions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var key = (string?)e["key"] ?? string.Empty;
            var values = JsonEdit.ReadStrings(e["values"]).ToHashSet(StringComparer.Ordinal);
            var has = node.Labels.TryGetValue(key, out var actual);
            var ok = (string?)e["operator"] switch
            {
                "In" => has && values.Contains(actual!),
                "NotIn" => !has || !values.Contains(actual!),
                "Exists" => has,
                "DoesNotExist" => !has,
                _ => false,
            };
            if (!ok) { return false; }
        }
        return true;
    }
}
