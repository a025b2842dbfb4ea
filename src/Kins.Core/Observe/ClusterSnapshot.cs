using k8s;
using k8s.Models;

namespace Kins.Core.Observe;

/// <summary>
/// The objects Observe reads, indexed by unit so observing N units costs O(N). Built by
/// <see cref="ClusterSnapshotLoader"/> and kept current from watch events with <see cref="Apply"/>;
/// thread-safe (one writer applying events while readers observe).
/// </summary>
public sealed class ClusterSnapshot
{
    private readonly object _gate = new();
    private readonly Dictionary<ObjectKey, ObservedObject> _objects = [];
    private readonly Dictionary<string, Dictionary<ObjectKey, ObservedObject>> _byUnit = new(StringComparer.Ordinal);
    private readonly Dictionary<ObservedKind, string?> _resourceVersions = [];

    /// <summary>How many objects the snapshot holds.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _objects.Count;
            }
        }
    }

    /// <summary>The objects labelled for <paramref name="unit"/>, copied so the caller reads them without a lock.</summary>
    internal IReadOnlyDictionary<ObjectKey, ObservedObject> ObjectsOf(string unit)
    {
        lock (_gate)
        {
            return _byUnit.TryGetValue(unit, out var found) ? new Dictionary<ObjectKey, ObservedObject>(found) : EmptyUnit;
        }
    }

    /// <summary>The resourceVersion to start a watch of <paramref name="kind"/> from: the list's, then the last event's.</summary>
    internal string? ResourceVersionOf(ObservedKind kind)
    {
        lock (_gate)
        {
            return _resourceVersions.GetValueOrDefault(kind);
        }
    }

    internal void SetResourceVersion(ObservedKind kind, string? resourceVersion)
    {
        lock (_gate)
        {
            _resourceVersions[kind] = resourceVersion;
        }
    }

    /// <summary>
    /// Applies one watch event. An object that no longer carries the labels is removed, as a label-selected
    /// watch reports it deleted; bookmarks only advance the resourceVersion.
    /// </summary>
    internal void Apply(WatchEventType type, IKubernetesObject<V1ObjectMeta> item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (ObservedObjects.KindOf(item) is not { } kind)
        {
            return;
        }
        lock (_gate)
        {
            if (type == WatchEventType.Error)
            {
                return;
            }
            if (type != WatchEventType.Bookmark && item.Metadata?.Name is { } name)
            {
                var observed = type == WatchEventType.Deleted ? null : ObservedObjects.From(item);
                if (observed is null)
                {
                    RemoveLocked(new ObjectKey(kind, name));
                }
                else
                {
                    UpsertLocked(observed);
                }
            }
            if (item.Metadata?.ResourceVersion is { } version)
            {
                _resourceVersions[kind] = version;
            }
        }
    }

    /// <summary>What the snapshot holds of an object, or null.</summary>
    internal ObservedObject? Find(ObservedKind kind, string name)
    {
        lock (_gate)
        {
            return _objects.GetValueOrDefault(new ObjectKey(kind, name));
        }
    }

    /// <summary>
    /// The units among <paramref name="candidates"/> whose server PV names <paramref name="node"/>: the node is their K3s
    /// server. Its kins-role label alone says nothing about which unit it serves, as a node is a member of several
    /// units (unit-node-all, selector units) and the label outlives demotions (SITE-MANAGER.md, flaws 5 and 13).
    /// </summary>
    internal IReadOnlyList<string> UnitsServedBy(string node, IEnumerable<string> candidates)
    {
        lock (_gate)
        {
            return candidates
                .Where(unit => _byUnit.TryGetValue(unit, out var entries)
                    && entries.Values.Any(o => o.Kind == ObservedKind.PersistentVolume && o.ForNode == node))
                .ToList();
        }
    }

    /// <summary>A re-list of one kind: its objects become exactly <paramref name="items"/>.</summary>
    internal void ReplaceKind(ObservedKind kind, IEnumerable<ObservedObject> items, string? resourceVersion)
    {
        ArgumentNullException.ThrowIfNull(items);
        lock (_gate)
        {
            foreach (var key in _objects.Keys.Where(k => k.Kind == kind).ToList())
            {
                RemoveLocked(key);
            }
            foreach (var item in items)
            {
                UpsertLocked(item);
            }
            _resourceVersions[kind] = resourceVersion;
        }
    }

    internal void Upsert(ObservedObject observed)
    {
        ArgumentNullException.ThrowIfNull(observed);
        lock (_gate)
        {
            UpsertLocked(observed);
        }
    }

    internal void Remove(ObservedKind kind, string name)
    {
        lock (_gate)
        {
            RemoveLocked(new ObjectKey(kind, name));
        }
    }

    private static readonly IReadOnlyDictionary<ObjectKey, ObservedObject> EmptyUnit = new Dictionary<ObjectKey, ObservedObject>();

    private void UpsertLocked(ObservedObject observed)
    {
        RemoveLocked(observed.Key);
        _objects[observed.Key] = observed;
        foreach (var unit in observed.Units)
        {
            if (!_byUnit.TryGetValue(unit, out var entries))
            {
                _byUnit[unit] = entries = [];
            }
            entries[observed.Key] = observed;
        }
    }

    private void RemoveLocked(ObjectKey key)
    {
        if (!_objects.Remove(key, out var old))
        {
            return;
        }
        foreach (var unit in old.Units)
        {
            if (_byUnit.TryGetValue(unit, out var entries) && entries.Remove(key) && entries.Count == 0)
            {
                _byUnit.Remove(unit);
            }
        }
    }
}
