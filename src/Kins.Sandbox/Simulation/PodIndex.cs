using System.Text.Json.Nodes;
using Kins.Sandbox.Store;

namespace Kins.Sandbox.Simulation;

/// <summary>The simulator's view of pods: by owning workload (<c>Kind/ns/name</c>) and by node. Fed from the change feed.</summary>
internal sealed class PodIndex
{
    private readonly object _gate = new();
    private readonly Dictionary<string, HashSet<string>> _byOwner = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _byNode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string? Owner, string? Node)> _pods = new(StringComparer.Ordinal);

    /// <summary>Records the pod event; returns the owning workload key, if any.</summary>
    public string? Update(StoreEvent e)
    {
        var key = e.Object.Key;
        var node = e.Object.Parse();
        var owner = (node["metadata"]?["ownerReferences"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(o => (bool?)o["controller"] == true);
        var ownerKey = owner is null ? null : $"{(string?)owner["kind"]}/{e.Object.Namespace}/{(string?)owner["name"]}";
        var nodeName = (string?)node["spec"]?["nodeName"];
        if (e.Type == StoreEvent.Deleted) { Forget(key); }
        else { Record(key, ownerKey, nodeName); }
        return ownerKey;
    }

    /// <summary>
    /// Indexes a pod at once, before its event comes through the feed: the scheduler's next decision must see a pod
    /// it has just placed (the feed's own event later records the same again).
    /// </summary>
    public void Record(string key, string? ownerKey, string? nodeName)
    {
        lock (_gate)
        {
            Forget(key);
            _pods[key] = (ownerKey, nodeName);
            Add(_byOwner, ownerKey, key);
            Add(_byNode, nodeName, key);
        }
    }

    private void Forget(string key)
    {
        lock (_gate)
        {
            if (_pods.Remove(key, out var old))
            {
                Remove(_byOwner, old.Owner, key);
                Remove(_byNode, old.Node, key);
            }
        }
    }

    public List<string> OwnedBy(string ownerKey)
    {
        lock (_gate) { return _byOwner.TryGetValue(ownerKey, out var set) ? [.. set] : []; }
    }

    public List<string> OnNode(string node)
    {
        lock (_gate) { return _byNode.TryGetValue(node, out var set) ? [.. set] : []; }
    }

    private static void Add(Dictionary<string, HashSet<string>> map, string? key, string pod)
    {
        if (key is null) { return; }
        if (!map.TryGetValue(key, out var set)) { map[key] = set = new(StringComparer.Ordinal); }
        set.Add(pod);
    }

    private static void Remove(Dictionary<string, HashSet<string>> map, string? key, string pod)
    {
        if (key is not null && map.TryGetValue(key, out var set))
        {
            set.Remove(pod);
            if (set.Count == 0) { map.Remove(key); }
        }
    }
}
