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

    /// <summary>
    /// The scheduler's TaintToleration and NodeUnschedulable filters: every NoSchedule or NoExecute taint of the node is
    /// tolerated, and a cordoned node takes only a pod that tolerates <c>node.kubernetes.io/unschedulable</c>. The kins
    /// pods tolerate only the <c>kins</c> taint (manifest/kins_server.go:46-49), so a server node that is cordoned or
    /// carries another NoSchedule taint keeps the K3s server Pending, as on a real cluster. For a daemon pod (with
    /// <see cref="DaemonPodTolerations"/>) this is the DaemonSet controller's shouldRun.
    /// </summary>
    public static bool Tolerated(JsonObject podSpec, StoredObject node)
    {
        var spec = node.Parse()["spec"];
        var tolerations = Tolerations(podSpec);
        if ((bool?)spec?["unschedulable"] == true && !tolerations.Any(t => Tolerates(t, NodeMonitor.UnschedulableTaint, null, "NoSchedule")))
        {
            return false;
        }
        return AllTolerated(spec, tolerations, "NoSchedule", "NoExecute");
    }

    /// <summary>The DaemonSet controller's shouldContinueRunning: a daemon pod already there stays unless a NoExecute taint is not tolerated.</summary>
    public static bool NoExecuteTolerated(JsonObject podSpec, StoredObject node) => AllTolerated(node.Parse()["spec"], Tolerations(podSpec), "NoExecute");

    private static List<JsonObject> Tolerations(JsonObject podSpec) => (podSpec["tolerations"] as JsonArray ?? []).OfType<JsonObject>().ToList();

    private static bool AllTolerated(JsonNode? nodeSpec, List<JsonObject> tolerations, params string[] effects) =>
        (nodeSpec?["taints"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(t => effects.Contains((string?)t["effect"]))
            .All(taint => tolerations.Any(t => Tolerates(t, (string?)taint["key"] ?? string.Empty, (string?)taint["value"], (string)taint["effect"]!)));

    /// <summary>core/v1 Toleration.ToleratesTaint: effect empty or equal; key empty (with Exists) or equal; Exists, or Equal with the same value.</summary>
    private static bool Tolerates(JsonObject toleration, string key, string? value, string effect)
    {
        var tolerated = (string?)toleration["effect"];
        if (!string.IsNullOrEmpty(tolerated) && tolerated != effect)
        {
            return false;
        }
        var op = (string?)toleration["operator"] ?? "Equal";
        var tolerationKey = (string?)toleration["key"];
        if (string.IsNullOrEmpty(tolerationKey))
        {
            return op == "Exists";
        }
        return tolerationKey == key && (op == "Exists" || ((string?)toleration["value"] ?? string.Empty) == (value ?? string.Empty));
    }

    /// <summary>True when a pod with <paramref name="podLabels"/> may join <paramref name="nodePods"/> on one node under the template's anti-affinity.</summary>
    public static bool AntiAffinityAllows(JsonObject podSpec, IEnumerable<IReadOnlyDictionary<string, string>> nodePods)
    {
        var rules = podSpec["affinity"]?["podAntiAffinity"]?["requiredDuringSchedulingIgnoredDuringExecution"] as JsonArray;
        if (rules is null)
        {
            return true;
        }
        var pods = nodePods.ToList();
        return rules.OfType<JsonObject>().All(rule => !pods.Any(Selector(rule["labelSelector"] as JsonObject).Matches));
    }

    /// <summary>The pods the template's anti-affinity cares about (none: an empty result, cheaply).</summary>
    public static LabelSelector AntiAffinitySelector(JsonObject podSpec)
    {
        var rules = podSpec["affinity"]?["podAntiAffinity"]?["requiredDuringSchedulingIgnoredDuringExecution"] as JsonArray;
        var first = rules?.OfType<JsonObject>().FirstOrDefault();
        return first is null
            ? LabelSelector.Parse("!" + "kubernetes.io/hostname").And("kubernetes.io/hostname", "Exists", null)
            : Selector(first["labelSelector"] as JsonObject);
    }

    /// <summary>A metav1.LabelSelector: matchLabels and matchExpressions ANDed.</summary>
    public static LabelSelector Selector(JsonObject? selector)
    {
        var result = LabelSelector.FromMatchLabels(JsonEdit.ReadMap(selector?["matchLabels"]));
        foreach (var e in (selector?["matchExpressions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            result = result.And((string?)e["key"] ?? string.Empty, (string?)e["operator"] ?? string.Empty, JsonEdit.ReadStrings(e["values"]));
        }
        return result;
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
