using System.Globalization;
using System.Text.Json.Nodes;
using Kins.Sandbox.Store.FieldManagement;

namespace Kins.Sandbox.Store;

/// <summary>
/// The in-memory object store: one collection per group/resource, one global resourceVersion counter, an event
/// history for watch resumption, and live subscriptions. Every mutation happens under one lock, so resourceVersions
/// are committed (and published) in order.
/// </summary>
internal sealed partial class ObjectStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Collection> _collections = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<StoreSubscription>> _subscriptions = new(StringComparer.Ordinal);
    private readonly List<StoreSubscription> _allSubscriptions = [];
    private readonly List<Action<StoreEvent>> _commitObservers = [];
    private readonly EventHistory _history;
    private readonly Func<ResourceType, IResourceStrategy> _strategies;
    private long _resourceVersion;

    public ObjectStore(Func<ResourceType, IResourceStrategy> strategies, int historyCapacity = 200_000)
    {
        _strategies = strategies;
        _history = new EventHistory(historyCapacity);
    }

    public const string NamespacesKey = "/namespaces";

    public long CurrentResourceVersion
    {
        get { lock (_gate) { return _resourceVersion; } }
    }

    /// <summary>Runs after each commit, outside the lock, on the writer's thread (CRD registration, namespace cleanup).</summary>
    public void AddCommitObserver(Action<StoreEvent> observer)
    {
        lock (_gate) { _commitObservers.Add(observer); }
    }

    public StoredObject? Get(ResourceType type, string? ns, string name)
    {
        lock (_gate)
        {
            return Find(type.StorageKey, ObjectKey.For(type.Namespaced ? ns : null, name));
        }
    }

    public bool NamespaceExists(string ns)
    {
        lock (_gate)
        {
            return Find(NamespacesKey, ns) is not null;
        }
    }

    /// <summary>One page of objects in key order after <paramref name="continueAfter"/>, filtered by the selectors.</summary>
    /// <summary>The objects whose names start with <paramref name="prefix"/>: a range scan of the sorted keys, not a full scan.</summary>
    public IReadOnlyList<StoredObject> ListByNamePrefix(ResourceType type, string? ns, string prefix)
    {
        lock (_gate)
        {
            if (!_collections.TryGetValue(type.StorageKey, out var collection) || collection.Keys.Count == 0)
            {
                return [];
            }
            var from = ObjectKey.For(type.Namespaced ? ns : null, prefix);
            return [.. collection.Keys.GetViewBetween(from, from + "\uffff").Select(key => collection.Objects[key])];
        }
    }

    public ListPage List(ResourceType type, string? ns, LabelSelector labels, FieldSelector fields, int limit = 0, string? continueAfter = null, long? listResourceVersion = null)
    {
        lock (_gate)
        {
            var rv = listResourceVersion ?? _resourceVersion;
            if (!_collections.TryGetValue(type.StorageKey, out var collection))
            {
                return new ListPage([], rv, null);
            }
            var items = new List<StoredObject>();
            if (fields.ExactName is { } exact)
            {
                if (Find(type.StorageKey, ObjectKey.For(type.Namespaced ? ns : null, exact)) is { } one && labels.Matches(one.Labels) && fields.Matches(one))
                {
                    items.Add(one);
                }
                if (!type.Namespaced || ns is not null)
                {
                    return new ListPage(items, rv, null);
                }
                items.Clear();
            }
            foreach (var key in collection.KeysFrom(type.Namespaced ? ns : null, continueAfter, labels))
            {
                var obj = collection.Objects[key];
                if (!labels.Matches(obj.Labels) || !fields.Matches(obj))
                {
                    continue;
                }
                if (limit > 0 && items.Count == limit)
                {
                    return new ListPage(items, rv, items[^1].Key);
                }
                items.Add(obj);
            }
            return new ListPage(items, rv, null);
        }
    }

    public StoredObject Create(WriteContext context, JsonObject obj)
    {
        var type = context.Type;
        var metadata = PrepareMetadata(type, obj);
        _strategies(type).PrepareForCreate(context, obj);
        StoreEvent committed;
        lock (_gate)
        {
            var ns = (string?)metadata["namespace"];
            if (type.Namespaced && Find(NamespacesKey, ns!) is null)
            {
                throw ApiException.NamespaceNotFound(ns!);
            }
            var name = (string?)metadata["name"];
            if (string.IsNullOrEmpty(name))
            {
                name = GenerateName(type, ns, (string)metadata["generateName"]!);
                metadata["name"] = name;
            }
            if (Find(type.StorageKey, ObjectKey.For(ns, name)) is not null)
            {
                throw ApiException.AlreadyExists(type, name);
            }
            metadata["uid"] = Guid.NewGuid().ToString();
            metadata["creationTimestamp"] = Timestamps.Now();
            metadata.Remove("deletionTimestamp");
            metadata.Remove("deletionGracePeriodSeconds");
            metadata.Remove("selfLink");
            if (type.TracksGeneration) { metadata["generation"] = 1; } else { metadata.Remove("generation"); }
            if (!context.Applied) { ManagedFields.TrackUpdate(context, context.FieldManager, obj, null); }
            if (context.DryRun)
            {
                // As the API server's dry run: the object that would be created, without a resourceVersion.
                metadata.Remove("resourceVersion");
                return new StoredObject(obj, 0);
            }
            var rv = ++_resourceVersion;
            metadata["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture);
            committed = Commit(type.StorageKey, StoreEvent.Added, new StoredObject(obj, rv), null);
        }
        NotifyObservers(committed);
        return committed.Object;
    }

    /// <summary>
    /// Replaces an object (PUT semantics). A resourceVersion in the body must match the stored one (409 otherwise).
    /// An update that changes nothing commits nothing and keeps the resourceVersion.
    /// </summary>
    public StoredObject Update(WriteContext context, JsonObject obj)
    {
        var type = context.Type;
        var metadata = obj["metadata"] as JsonObject ?? throw ApiException.BadRequest("metadata is required");
        var name = (string?)metadata["name"];
        if (string.IsNullOrEmpty(name))
        {
            throw ApiException.Invalid(type, string.Empty, [new("FieldValueRequired", "Required value: name is required", "metadata.name")]);
        }
        var ns = type.Namespaced ? (string?)metadata["namespace"] : null;
        var requested = (string?)metadata["resourceVersion"];
        StoreEvent? committed;
        StoredObject result;
        lock (_gate)
        {
            var current = Find(type.StorageKey, ObjectKey.For(ns, name)) ?? throw ApiException.NotFound(type, name);
            if (string.IsNullOrEmpty(requested))
            {
                if (type.IsCustom)
                {
                    throw ApiException.Invalid(type, name, [new("FieldValueInvalid", "Invalid value: 0x0: must be specified for an update", "metadata.resourceVersion")]);
                }
            }
            else if (requested != current.ResourceVersion.ToString(CultureInfo.InvariantCulture))
            {
                throw ApiException.StaleResourceVersion(type, name);
            }
            var old = current.Parse();
            var next = MergeForUpdate(context, obj, old);
            _strategies(type).PrepareForUpdate(context, next, old);
            if (!context.Applied) { ManagedFields.TrackUpdate(context, context.FieldManager, next, old); }
            if (JsonNode.DeepEquals(next, old))
            {
                return current;
            }
            var nextMeta = next["metadata"]!.AsObject();
            if (type.TracksGeneration && context.Subresource is null && SpecChanged(next, old))
            {
                nextMeta["generation"] = ((long?)old["metadata"]?["generation"] ?? 0) + 1;
            }
            if (context.DryRun)
            {
                // The object the update would store, at the current resourceVersion; nothing committed or published.
                return new StoredObject(next, current.ResourceVersion);
            }
            var rv = ++_resourceVersion;
            nextMeta["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture);
            var finalizers = nextMeta["finalizers"] as JsonArray;
            if (nextMeta["deletionTimestamp"] is not null && (finalizers is null || finalizers.Count == 0))
            {
                committed = Commit(type.StorageKey, StoreEvent.Deleted, new StoredObject(next, rv), current);
            }
            else
            {
                committed = Commit(type.StorageKey, StoreEvent.Modified, new StoredObject(next, rv), current);
            }
            result = committed.Object;
        }
        NotifyObservers(committed);
        return result;
    }

    /// <summary>Deletes an object, or only marks it (deletionTimestamp) while it has finalizers.</summary>
    public DeleteResult Delete(ResourceType type, string? ns, string name, DeleteOptions? options = null)
    {
        StoreEvent committed;
        lock (_gate)
        {
            var current = Find(type.StorageKey, ObjectKey.For(type.Namespaced ? ns : null, name)) ?? throw ApiException.NotFound(type, name);
            if (options?.PreconditionUid is { Length: > 0 } uid && uid != current.Uid)
            {
                throw ApiException.Conflict(type, name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {current.Uid}");
            }
            if (options?.PreconditionResourceVersion is { Length: > 0 } prv && prv != current.ResourceVersion.ToString(CultureInfo.InvariantCulture))
            {
                throw ApiException.Conflict(type, name,
                    $"Precondition failed: ResourceVersion in precondition: {prv}, ResourceVersion in object meta: {current.ResourceVersion}");
            }
            var node = current.Parse();
            var metadata = node["metadata"]!.AsObject();
            var finalized = metadata["finalizers"] is JsonArray { Count: > 0 };
            if (finalized && current.IsDeleting)
            {
                return new DeleteResult(current, false);
            }
            if (finalized)
            {
                metadata["deletionTimestamp"] = Timestamps.Now();
                metadata["deletionGracePeriodSeconds"] = 0;
            }
            if (options?.DryRun == true)
            {
                // What the delete would return (marked, or gone), while the stored object stays as it was.
                return new DeleteResult(new StoredObject(node, current.ResourceVersion), !finalized);
            }
            var rv = ++_resourceVersion;
            metadata["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture);
            committed = Commit(type.StorageKey, finalized ? StoreEvent.Modified : StoreEvent.Deleted, new StoredObject(node, rv), current);
        }
        NotifyObservers(committed);
        return new DeleteResult(committed.Object, committed.Type == StoreEvent.Deleted);
    }

    /// <summary>
    /// Starts a watch: the events after <paramref name="fromResourceVersion"/> (or, for null/0, a synthetic ADDED for
    /// every current object), plus a subscription that continues seamlessly. 410 Gone when the version is compacted.
    /// </summary>
    public (List<StoreEvent> Backlog, StoreSubscription Subscription) Watch(ResourceType type, string? ns, long? fromResourceVersion)
    {
        lock (_gate)
        {
            List<StoreEvent> backlog;
            if (fromResourceVersion is null or 0)
            {
                backlog = [];
                if (_collections.TryGetValue(type.StorageKey, out var collection))
                {
                    foreach (var key in collection.KeysFrom(type.Namespaced ? ns : null, null))
                    {
                        backlog.Add(new StoreEvent(StoreEvent.Added, type.StorageKey, collection.Objects[key], null));
                    }
                }
            }
            else if (fromResourceVersion < _history.CompactedThrough)
            {
                throw ApiException.Gone($"too old resource version: {fromResourceVersion} ({_history.CompactedThrough + 1})");
            }
            else
            {
                backlog = _history.After(fromResourceVersion.Value, type.StorageKey);
            }
            return (backlog, SubscribeLocked(type.StorageKey));
        }
    }

    /// <summary>A feed of every committed change of every collection (the in-process controllers).</summary>
    public StoreSubscription SubscribeAll()
    {
        lock (_gate)
        {
            return SubscribeLocked(null);
        }
    }

    /// <summary>Forgets the change history up to now: older watches cannot resume (410 Gone), as after etcd compaction.</summary>
    public long CompactHistory()
    {
        lock (_gate)
        {
            _history.CompactThrough(_resourceVersion);
            return _resourceVersion;
        }
    }

    /// <summary>Removes every object of a collection (its CRD was deleted), publishing DELETED for each.</summary>
    public void DropCollection(string storageKey)
    {
        var events = new List<StoreEvent>();
        lock (_gate)
        {
            if (!_collections.TryGetValue(storageKey, out var collection))
            {
                return;
            }
            foreach (var obj in collection.Objects.Values.ToList())
            {
                var node = obj.Parse();
                var rv = ++_resourceVersion;
                node["metadata"]!["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture);
                events.Add(Commit(storageKey, StoreEvent.Deleted, new StoredObject(node, rv), obj));
            }
            _collections.Remove(storageKey);
        }
        events.ForEach(NotifyObservers);
    }

    public int Count(string storageKey)
    {
        lock (_gate)
        {
            return _collections.TryGetValue(storageKey, out var c) ? c.Objects.Count : 0;
        }
    }
}
