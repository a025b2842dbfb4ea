using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Kins.Sandbox.Store.FieldManagement;

namespace Kins.Sandbox.Store;

/// <summary>
/// The in-memory object store: one collection per group/resource, one global resourceVersion counter, an event
/// history for watch resumption, and live subscriptions. Every commit happens under one lock, so resourceVersions
/// are committed (and published) in order. The lock is held only to check and commit: an update computes its
/// object (parse, merge, defaults, managedFields) outside it and commits only if the stored version is still the one
/// it started from, else computes again; <see cref="Get"/> takes no lock. With every controller writing at once, a
/// lock held across the JSON work made the sandbox spend more time waiting for it than working.
/// </summary>
internal sealed partial class ObjectStore
{
    private readonly object _gate = new();
    private readonly ConcurrentDictionary<string, Collection> _collections = new(StringComparer.Ordinal);
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

    /// <summary>The committed version of an object, read without the lock (a version whose commit is under way may already be seen).</summary>
    public StoredObject? Get(ResourceType type, string? ns, string name) =>
        Find(type.StorageKey, ObjectKey.For(type.Namespaced ? ns : null, name));

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
        if ((string?)metadata["name"] is { Length: > 0 } given && Find(type.StorageKey, ObjectKey.For((string?)metadata["namespace"], given)) is not null)
        {
            // site-manager's every pass creates first and updates on AlreadyExists: answer before the ownership work.
            throw ApiException.AlreadyExists(type, given);
        }
        // Identity and server-set metadata are never owned, so the ownership can be computed before the lock.
        if (!context.Applied) { ManagedFields.TrackUpdate(context, context.FieldManager, obj, null); }
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
        var warnings = context.Warnings.Count;
        var unchanged = new SentBytes(obj);
        while (true)
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
            if (!context.Applied && unchanged.IsSameAs(current))
            {
                // The stored object sent back as read (site-manager's passes re-send every node): nothing to merge,
                // default or own, so the answer is the stored object without the JSON work.
                return current;
            }
            var next = Next(context, obj, current);
            if (next is null)
            {
                return current;
            }
            if (context.DryRun)
            {
                // The object the update would store, at the current resourceVersion; nothing committed or published.
                return new StoredObject(next, current.ResourceVersion);
            }
            StoreEvent committed;
            lock (_gate)
            {
                if (!ReferenceEquals(Find(type.StorageKey, ObjectKey.For(ns, name)), current))
                {
                    // Written meanwhile: compute again from the newer version (a stale requested version is a 409 then).
                    context.Warnings.RemoveRange(warnings, context.Warnings.Count - warnings);
                    continue;
                }
                var rv = ++_resourceVersion;
                var nextMeta = next["metadata"]!.AsObject();
                nextMeta["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture);
                var finalizers = nextMeta["finalizers"] as JsonArray;
                // As ShouldDeleteDuringUpdate: the last finalizer gone ends an object, but not one still within its grace
                // period (a terminating pod, which its kubelet ends with a delete).
                var gone = nextMeta["deletionTimestamp"] is not null && (finalizers is null || finalizers.Count == 0)
                    && ((long?)nextMeta["deletionGracePeriodSeconds"] ?? 0) == 0;
                committed = Commit(type.StorageKey, gone ? StoreEvent.Deleted : StoreEvent.Modified, new StoredObject(next, rv), current);
            }
            NotifyObservers(committed);
            return committed.Object;
        }
    }

    /// <summary>The object an update of <paramref name="current"/> stores, or null when it changes nothing.</summary>
    private JsonObject? Next(WriteContext context, JsonObject obj, StoredObject current)
    {
        var type = context.Type;
        var old = current.Parse();
        var next = MergeForUpdate(context, obj, old);
        _strategies(type).PrepareForUpdate(context, next, old);
        if (JsonNode.DeepEquals(next, old))
        {
            // No field changes, so no manager gains or loses one: the ownership would come out as it is.
            return null;
        }
        if (!context.Applied) { ManagedFields.TrackUpdate(context, context.FieldManager, next, old); }
        if (JsonNode.DeepEquals(next, old))
        {
            return null;
        }
        if (type.TracksGeneration && context.Subresource is null && SpecChanged(next, old))
        {
            next["metadata"]!["generation"] = ((long?)old["metadata"]?["generation"] ?? 0) + 1;
        }
        return next;
    }

    /// <summary>
    /// Whether the end of this object must be confirmed by someone the cloud cannot reach now: a pod whose kubelet is cut
    /// off. Its delete then only marks it (deletionTimestamp, as the API server does for a graceful pod delete), and
    /// it stays Terminating until deleted again once the kubelet is back, or with a grace period of 0 (a force delete).
    /// </summary>
    public Func<ResourceType, JsonObject, bool>? TerminationHeld { get; set; }

    /// <summary>Deletes an object, or only marks it (deletionTimestamp) while it has finalizers or its end is held.</summary>
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
            var held = !finalized && options?.GracePeriodSeconds != 0 && TerminationHeld?.Invoke(type, node) == true;
            if ((finalized || held) && current.IsDeleting)
            {
                return new DeleteResult(current, false);
            }
            if (finalized)
            {
                metadata["deletionTimestamp"] = Timestamps.Now();
                metadata["deletionGracePeriodSeconds"] = 0;
            }
            else if (held)
            {
                // The time by which the kubelet should have stopped it: now plus the grace period (30 s by default).
                var grace = options?.GracePeriodSeconds ?? (long?)node["spec"]?["terminationGracePeriodSeconds"] ?? 30;
                metadata["deletionTimestamp"] = Timestamps.Format(DateTimeOffset.UtcNow.AddSeconds(grace));
                metadata["deletionGracePeriodSeconds"] = grace;
            }
            var markedOnly = finalized || held;
            if (options?.DryRun == true)
            {
                // What the delete would return (marked, or gone), while the stored object stays as it was.
                return new DeleteResult(new StoredObject(node, current.ResourceVersion), !markedOnly);
            }
            var rv = ++_resourceVersion;
            metadata["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture);
            committed = Commit(type.StorageKey, markedOnly ? StoreEvent.Modified : StoreEvent.Deleted, new StoredObject(node, rv), current);
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
            _collections.TryRemove(storageKey, out _);
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
