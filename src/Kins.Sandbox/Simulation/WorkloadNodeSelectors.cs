using System.Text.Json.Nodes;
using Kins.Sandbox.Controllers;

namespace Kins.Sandbox.Simulation;

/// <summary>
/// Which workloads a node's labels concern: the labels each workload's pods require of a node (nodeSelector and
/// single-valued <c>In</c> terms of the required node affinity), indexed by their "key=value" terms, so a node label change re-reconciles only the workloads that select (or selected) that node, not all of them.
/// Used from the simulator's single event pump only.
/// </summary>
internal sealed class WorkloadNodeSelectors
{
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> _selectors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _byTerm = new(StringComparer.Ordinal);
    private readonly HashSet<string> _selectEveryNode = new(StringComparer.Ordinal);

    /// <summary>
    /// The labels a node must carry for the pod template: its nodeSelector and the single-valued <c>In</c> expressions of
    /// a required node affinity with one term (a necessary condition; <see cref="Placement.Fits"/> decides).
    /// </summary>
    public static Dictionary<string, string> RequiredLabels(JsonObject? podSpec)
    {
        var required = JsonEdit.ReadMap(podSpec?["nodeSelector"]);
        var terms = podSpec?["affinity"]?["nodeAffinity"]?["requiredDuringSchedulingIgnoredDuringExecution"]?["nodeSelectorTerms"] as JsonArray;
        if (terms is { Count: 1 } && terms[0]?["matchExpressions"] is JsonArray expressions)
        {
            foreach (var e in expressions.OfType<JsonObject>())
            {
                if ((string?)e["operator"] == "In" && e["values"] is JsonArray { Count: 1 } values && (string?)e["key"] is { } key && (string?)values[0] is { } value)
                {
                    required[key] = value;
                }
            }
        }
        return required;
    }

    public void Set(string workload, IReadOnlyDictionary<string, string> nodeSelector)
    {
        Remove(workload);
        _selectors[workload] = nodeSelector;
        if (nodeSelector.Count == 0)
        {
            _selectEveryNode.Add(workload);
            return;
        }
        foreach (var (key, value) in nodeSelector)
        {
            var term = key + "=" + value;
            if (!_byTerm.TryGetValue(term, out var workloads)) { _byTerm[term] = workloads = new(StringComparer.Ordinal); }
            workloads.Add(workload);
        }
    }

    public void Remove(string workload)
    {
        if (!_selectors.Remove(workload, out var old))
        {
            return;
        }
        _selectEveryNode.Remove(workload);
        foreach (var (key, value) in old)
        {
            var term = key + "=" + value;
            if (_byTerm.TryGetValue(term, out var workloads) && workloads.Remove(workload) && workloads.Count == 0) { _byTerm.Remove(term); }
        }
    }

    /// <summary>The workloads whose nodeSelector matches a node with these labels.</summary>
    public IEnumerable<string> Selecting(IReadOnlyDictionary<string, string> labels)
    {
        var candidates = new HashSet<string>(_selectEveryNode, StringComparer.Ordinal);
        foreach (var (key, value) in labels)
        {
            if (_byTerm.TryGetValue(key + "=" + value, out var workloads)) { candidates.UnionWith(workloads); }
        }
        return candidates.Where(w => _selectors[w].All(s => labels.TryGetValue(s.Key, out var v) && v == s.Value));
    }
}
