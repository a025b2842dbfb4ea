using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Kins.Sandbox.Store;

internal sealed partial class ObjectStore
{
    // Kubernetes' name suffix alphabet: no vowels (no words) and no look-alike characters.
    private const string SuffixAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    /// <summary>Objects of one group/resource by key, plus the sorted keys for paging and namespace range scans.</summary>
    private sealed class Collection
    {
        private static readonly SortedSet<string> NoKeys = new(StringComparer.Ordinal);

        // Concurrent so that Get reads without the store's lock; every other access is under it.
        public ConcurrentDictionary<string, StoredObject> Objects { get; } = new(StringComparer.Ordinal);
        public SortedSet<string> Keys { get; } = new(StringComparer.Ordinal);

        /// <summary>Sorted keys per "label=value", so an equality selector reads only its matches (site-manager's and the simulator's lookups).</summary>
        private Dictionary<string, SortedSet<string>> ByLabel { get; } = new(StringComparer.Ordinal);

        public void Put(StoredObject obj)
        {
            if (Objects.TryGetValue(obj.Key, out var old))
            {
                Unindex(old);
            }
            else
            {
                Keys.Add(obj.Key);
            }
            Objects[obj.Key] = obj;
            foreach (var (key, value) in obj.Labels)
            {
                var term = key + "=" + value;
                if (!ByLabel.TryGetValue(term, out var keys)) { ByLabel[term] = keys = new(StringComparer.Ordinal); }
                keys.Add(obj.Key);
            }
        }

        public void Remove(StoredObject obj)
        {
            if (Objects.TryRemove(obj.Key, out var old))
            {
                Keys.Remove(obj.Key);
                Unindex(old);
            }
        }

        private void Unindex(StoredObject obj)
        {
            foreach (var (key, value) in obj.Labels)
            {
                var term = key + "=" + value;
                if (ByLabel.TryGetValue(term, out var keys) && keys.Remove(obj.Key) && keys.Count == 0) { ByLabel.Remove(term); }
            }
        }

        public List<string> KeysFrom(string? ns, string? after, LabelSelector? labels = null)
        {
            // The narrowest equality term's keys, or every key; still in key order, so paging works alike.
            var keys = Keys;
            foreach (var term in labels?.EqualityTerms() ?? [])
            {
                var candidates = ByLabel.GetValueOrDefault(term) ?? NoKeys;
                if (candidates.Count < keys.Count) { keys = candidates; }
            }
            if (keys.Count == 0)
            {
                return [];
            }
            var (from, to) = ns is null ? (keys.Min!, keys.Max!) : ObjectKey.NamespaceRange(ns);
            if (after is not null && string.CompareOrdinal(after, from) >= 0)
            {
                from = after + "\0";
            }
            if (string.CompareOrdinal(from, to) > 0)
            {
                return [];
            }
            // A snapshot: callers may commit while iterating the result.
            return keys.GetViewBetween(from, to).ToList();
        }
    }

    public static string RandomSuffix(int length = 5) =>
        string.Create(length, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = SuffixAlphabet[RandomNumberGenerator.GetInt32(SuffixAlphabet.Length)];
            }
        });

    private StoredObject? Find(string storageKey, string key) =>
        _collections.TryGetValue(storageKey, out var c) && c.Objects.TryGetValue(key, out var obj) ? obj : null;

    private StoreEvent Commit(string storageKey, string type, StoredObject obj, StoredObject? previous)
    {
        if (!_collections.TryGetValue(storageKey, out var collection))
        {
            collection = new Collection();
            _collections[storageKey] = collection;
        }
        if (type == StoreEvent.Deleted)
        {
            collection.Remove(obj);
        }
        else
        {
            collection.Put(obj);
        }
        var e = new StoreEvent(type, storageKey, obj, previous);
        _history.Append(e);
        if (_subscriptions.TryGetValue(storageKey, out var subs))
        {
            foreach (var s in subs) { s.Publish(e); }
        }
        foreach (var s in _allSubscriptions) { s.Publish(e); }
        return e;
    }

    private StoreSubscription SubscribeLocked(string? storageKey)
    {
        var sub = new StoreSubscription(storageKey, Unsubscribe);
        if (storageKey is null)
        {
            _allSubscriptions.Add(sub);
        }
        else
        {
            if (!_subscriptions.TryGetValue(storageKey, out var list))
            {
                list = [];
                _subscriptions[storageKey] = list;
            }
            list.Add(sub);
        }
        return sub;
    }

    private void Unsubscribe(StoreSubscription sub)
    {
        lock (_gate)
        {
            if (sub.StorageKey is null) { _allSubscriptions.Remove(sub); }
            else if (_subscriptions.TryGetValue(sub.StorageKey, out var list)) { list.Remove(sub); }
        }
    }

    private void NotifyObservers(StoreEvent e)
    {
        Action<StoreEvent>[] observers;
        lock (_gate) { observers = [.. _commitObservers]; }
        foreach (var observer in observers) { observer(e); }
    }

    /// <summary>Sets apiVersion/kind to the storage version and checks what every object's metadata needs.</summary>
    private static JsonObject PrepareMetadata(ResourceType type, JsonObject obj)
    {
        obj["apiVersion"] = type.StorageApiVersion;
        obj["kind"] = type.Kind;
        if (obj["metadata"] is not JsonObject metadata)
        {
            metadata = new JsonObject();
            obj["metadata"] = metadata;
        }
        if (!type.Namespaced)
        {
            metadata.Remove("namespace");
        }
        var name = (string?)metadata["name"];
        var generateName = (string?)metadata["generateName"];
        if (string.IsNullOrEmpty(name) && string.IsNullOrEmpty(generateName))
        {
            throw ApiException.Invalid(type, string.Empty, [new("FieldValueRequired", "Required value: name or generateName is required", "metadata.name")]);
        }
        var causes = new List<StatusCause>();
        NameRules.Check(type, string.IsNullOrEmpty(name) ? generateName + "xxxxx" : name, "metadata.name", causes);
        if (causes.Count > 0)
        {
            throw ApiException.Invalid(type, name ?? generateName!, causes);
        }
        return metadata;
    }

    private string GenerateName(ResourceType type, string? ns, string prefix)
    {
        for (var attempt = 0; attempt < 16; attempt++)
        {
            var candidate = prefix + RandomSuffix();
            if (Find(type.StorageKey, ObjectKey.For(ns, candidate)) is null)
            {
                return candidate;
            }
        }
        throw new ApiException(500, "AlreadyExists", $"{type.GroupResource}: could not generate a unique name from \"{prefix}\"");
    }

    /// <summary>
    /// The object a PUT stores: identity and lifecycle metadata always come from the stored version; a status
    /// write changes only status, a main write never changes status of a type with a status subresource.
    /// </summary>
    private static JsonObject MergeForUpdate(WriteContext context, JsonObject incoming, JsonObject old)
    {
        JsonObject next;
        if (context.Subresource == "status")
        {
            next = old.DeepClone().AsObject();
            next["status"] = incoming["status"]?.DeepClone();
            if (next["status"] is null) { next.Remove("status"); }
        }
        else
        {
            next = incoming.DeepClone().AsObject();
            if (context.Type.HasStatus)
            {
                if (old["status"] is { } status) { next["status"] = status.DeepClone(); } else { next.Remove("status"); }
            }
        }
        next["apiVersion"] = old["apiVersion"]?.DeepClone();
        next["kind"] = old["kind"]?.DeepClone();
        var meta = next["metadata"] as JsonObject ?? new JsonObject();
        next["metadata"] = meta;
        var oldMeta = old["metadata"]!.AsObject();
        foreach (var field in new[] { "name", "namespace", "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "resourceVersion" })
        {
            if (oldMeta[field] is { } value) { meta[field] = value.DeepClone(); } else { meta.Remove(field); }
        }
        if (meta["managedFields"] is null && oldMeta["managedFields"] is { } managed)
        {
            // A PUT without managedFields keeps the recorded ownership (the field manager then updates it).
            meta["managedFields"] = managed.DeepClone();
        }
        meta.Remove("selfLink");
        foreach (var emptyMap in new[] { "labels", "annotations" })
        {
            if (meta[emptyMap] is JsonObject { Count: 0 } || meta[emptyMap] is null) { meta.Remove(emptyMap); }
        }
        if (meta["finalizers"] is JsonArray { Count: 0 } || meta["finalizers"] is null) { meta.Remove("finalizers"); }
        return next;
    }

    private static bool SpecChanged(JsonObject next, JsonObject old)
    {
        foreach (var (key, value) in next)
        {
            if (key is "metadata" or "status" or "apiVersion" or "kind") { continue; }
            if (!JsonNode.DeepEquals(value, old[key])) { return true; }
        }
        return old.Any(p => p.Key is not ("metadata" or "status" or "apiVersion" or "kind") && !next.ContainsKey(p.Key));
    }
}
