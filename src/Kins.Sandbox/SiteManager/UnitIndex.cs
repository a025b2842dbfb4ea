using System.Text.Json.Nodes;
using Kins.Core.SuperEdge;
using Kins.Sandbox.Controllers;
using Kins.Sandbox.Store;

namespace Kins.Sandbox.SiteManager;

/// <summary>Which units a node event concerns: by spec.nodes, by selector (all selector units), by membership label.</summary>
internal sealed class UnitIndex
{
    private readonly Dictionary<string, HashSet<string>> _unitsByNode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<string>> _nodesByUnit = new(StringComparer.Ordinal);
    private readonly HashSet<string> _selectorUnits = new(StringComparer.Ordinal);

    public void Update(StoreEvent e)
    {
        var unit = e.Object.Name;
        if (_nodesByUnit.TryGetValue(unit, out var old))
        {
            foreach (var node in old) { _unitsByNode.GetValueOrDefault(node)?.Remove(unit); }
        }
        _selectorUnits.Remove(unit);
        if (e.Type == StoreEvent.Deleted)
        {
            _nodesByUnit.Remove(unit);
            return;
        }
        var spec = e.Object.Parse()["spec"] as JsonObject;
        var nodes = JsonEdit.ReadStrings(spec?["nodes"]).ToList();
        _nodesByUnit[unit] = nodes;
        foreach (var node in nodes)
        {
            if (!_unitsByNode.TryGetValue(node, out var set)) { _unitsByNode[node] = set = new(StringComparer.Ordinal); }
            set.Add(unit);
        }
        if (spec?["selector"] is JsonObject) { _selectorUnits.Add(unit); }
    }

    public IEnumerable<string> UnitsOf(StoredObject node, StoredObject? previous)
    {
        var units = new HashSet<string>(_selectorUnits, StringComparer.Ordinal);
        if (_unitsByNode.TryGetValue(node.Name, out var listed)) { units.UnionWith(listed); }
        foreach (var labels in new[] { node.Labels, previous?.Labels })
        {
            foreach (var (key, value) in labels ?? new Dictionary<string, string>())
            {
                if (value == SuperEdgeNames.MembershipLabelValue) { units.Add(key); }
            }
        }
        return units;
    }
}
