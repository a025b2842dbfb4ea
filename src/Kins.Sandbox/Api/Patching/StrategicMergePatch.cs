using System.Text.Json.Nodes;

namespace Kins.Sandbox.Api.Patching;

/// <summary>
/// Strategic merge patch for built-in types: a merge patch whose lists of objects merge by the keys kubectl
/// relies on (containers by name, ports by port, conditions by type, ...), plus the directives kubectl emits
/// (<c>$patch</c>, <c>$retainKeys</c>, <c>$setElementOrder/</c>, <c>$deleteFromPrimitiveList/</c>).
/// </summary>
internal static class StrategicMergePatch
{
    private static readonly Dictionary<string, string> MergeKeys = new(StringComparer.Ordinal)
    {
        ["containers"] = "name", ["initContainers"] = "name", ["ephemeralContainers"] = "name",
        ["env"] = "name", ["volumes"] = "name", ["volumeMounts"] = "mountPath", ["volumeDevices"] = "devicePath",
        ["imagePullSecrets"] = "name", ["conditions"] = "type", ["ownerReferences"] = "uid",
        ["hostAliases"] = "ip", ["addresses"] = "type", ["topologySpreadConstraints"] = "topologyKey",
        ["secrets"] = "name", ["resourceClaims"] = "name",
    };

    // Lists of strings merged as sets.
    private static readonly HashSet<string> PrimitiveSets = new(StringComparer.Ordinal) { "finalizers" };

    public static JsonObject Apply(JsonObject target, JsonObject patch) => MergeObject(target, patch);

    /// <summary>
    /// The patch strategy and merge key of a list field of a built-in kind, as the API server publishes them
    /// (<c>x-kubernetes-patch-strategy</c>, <c>x-kubernetes-patch-merge-key</c>); null for a list replaced whole.
    /// <paramref name="owner"/> is the schema name of the object holding the field (ports differ by owner).
    /// </summary>
    public static (string Strategy, string? MergeKey)? PatchMeta(string owner, string field)
    {
        if (PrimitiveSets.Contains(field))
        {
            return ("merge", null);
        }
        if (field == "ports")
        {
            return owner.EndsWith(".Container", StringComparison.Ordinal) ? ("merge", "containerPort")
                : owner.EndsWith(".ServiceSpec", StringComparison.Ordinal) ? ("merge", "port") : null;
        }
        return MergeKeys.TryGetValue(field, out var key) ? ("merge", key) : null;
    }

    private static JsonObject MergeObject(JsonObject target, JsonObject patch)
    {
        if ((string?)patch["$patch"] == "replace")
        {
            var replaced = patch.DeepClone().AsObject();
            replaced.Remove("$patch");
            return replaced;
        }
        if (patch["$retainKeys"] is JsonArray retain)
        {
            var keep = retain.Select(k => (string?)k).ToHashSet(StringComparer.Ordinal);
            foreach (var key in target.Select(p => p.Key).ToList().Where(k => !keep.Contains(k))) { target.Remove(key); }
        }
        foreach (var (key, value) in patch)
        {
            if (key is "$patch" or "$retainKeys" || key.StartsWith("$setElementOrder/", StringComparison.Ordinal))
            {
                continue;
            }
            if (key.StartsWith("$deleteFromPrimitiveList/", StringComparison.Ordinal))
            {
                var field = key["$deleteFromPrimitiveList/".Length..];
                if (target[field] is JsonArray list && value is JsonArray remove)
                {
                    foreach (var item in list.ToList().Where(i => remove.Any(r => JsonNode.DeepEquals(r, i)))) { list.Remove(item); }
                }
                continue;
            }
            if (value is null)
            {
                target.Remove(key);
                continue;
            }
            var merged = (target[key], value) switch
            {
                (JsonObject t, JsonObject p) when (string?)p["$patch"] == "delete" => null,
                (JsonObject t, JsonObject p) => MergeObject(t, p),
                (JsonArray t, JsonArray p) => MergeList(key, t, p),
                (_, JsonObject p) => MergeObject(new JsonObject(), p),
                _ => value.DeepClone(),
            };
            target.Remove(key);
            if (merged is not null)
            {
                target[key] = merged.Parent is null ? merged : merged.DeepClone();
            }
        }
        return target;
    }

    private static JsonArray MergeList(string field, JsonArray target, JsonArray patch)
    {
        if (patch.OfType<JsonObject>().Any(p => (string?)p["$patch"] == "replace"))
        {
            return new JsonArray(patch.OfType<JsonObject>().Where(p => (string?)p["$patch"] != "replace").Select(p => (JsonNode?)p.DeepClone()).ToArray());
        }
        if (PrimitiveSets.Contains(field))
        {
            var result = new JsonArray(target.Select(i => i?.DeepClone()).ToArray());
            foreach (var item in patch.Where(i => !result.Any(r => JsonNode.DeepEquals(r, i)))) { result.Add(item?.DeepClone()); }
            return result;
        }
        var mergeKey = MergeKeyFor(field, target, patch);
        if (mergeKey is null)
        {
            return patch.DeepClone().AsArray();
        }
        var merged = new JsonArray(target.Select(i => i?.DeepClone()).ToArray());
        foreach (var item in patch.OfType<JsonObject>())
        {
            var keyValue = item[mergeKey];
            var existing = merged.OfType<JsonObject>().FirstOrDefault(m => JsonNode.DeepEquals(m[mergeKey], keyValue));
            if ((string?)item["$patch"] == "delete")
            {
                if (existing is not null) { merged.Remove(existing); }
                continue;
            }
            if (existing is null)
            {
                merged.Add(MergeObject(new JsonObject(), item));
            }
            else
            {
                var index = merged.IndexOf(existing);
                merged.RemoveAt(index);
                merged.Insert(index, MergeObject(existing, item));
            }
        }
        return merged;
    }

    private static string? MergeKeyFor(string field, JsonArray target, JsonArray patch)
    {
        if (field == "ports")
        {
            // Container ports merge by containerPort, service ports by port.
            var sample = patch.OfType<JsonObject>().FirstOrDefault() ?? target.OfType<JsonObject>().FirstOrDefault();
            return sample?["containerPort"] is not null ? "containerPort" : "port";
        }
        return MergeKeys.TryGetValue(field, out var key) && patch.All(p => p is JsonObject) ? key : null;
    }
}
