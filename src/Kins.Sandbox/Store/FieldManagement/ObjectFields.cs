using System.Text.Json.Nodes;

namespace Kins.Sandbox.Store.FieldManagement;

/// <summary>
/// An object's fields as paths: the set of fields an object (or an applied configuration) sets, the value at a
/// path, removing a path, and merging an applied configuration into an object, each following the list kinds of
/// <see cref="FieldShape"/>.
/// </summary>
internal static class ObjectFields
{
    // Never owned by anyone: identity and server-set metadata.
    private static readonly HashSet<string> ServerMetadata =
    [
        "name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp",
        "deletionGracePeriodSeconds", "managedFields", "selfLink",
    ];

    /// <summary>The fields <paramref name="obj"/> sets; status only for a status write, never for a main one of a type with status.</summary>
    public static FieldSet Of(ResourceType type, JsonObject obj, string? subresource)
    {
        var set = new FieldSet();
        var root = FieldShape.Root(type);
        foreach (var (name, value) in obj)
        {
            if (name is "apiVersion" or "kind") { continue; }
            if (subresource == "status" ? name != "status" : name == "status" && type.HasStatus) { continue; }
            var path = "f:" + name;
            if (name == "metadata" && value is JsonObject metadata)
            {
                foreach (var (field, child) in metadata)
                {
                    if (!ServerMetadata.Contains(field)) { Walk(child, FieldSet.Join(path, "f:" + field), root.Field(name).Field(field), set); }
                }
                continue;
            }
            Walk(value, path, root.Field(name), set);
        }
        return set;
    }

    private static void Walk(JsonNode? node, string path, FieldShape shape, FieldSet set)
    {
        switch (node)
        {
            case JsonObject { Count: > 0 } obj:
                foreach (var (name, value) in obj) { Walk(value, FieldSet.Join(path, "f:" + name), shape.Field(name), set); }
                break;
            case JsonArray array:
                var (kind, keys) = shape.List();
                var elements = array.Select(item => ItemElement(item, kind, keys)).ToList();
                if (kind == ListKind.Atomic || elements.Any(e => e is null))
                {
                    set.Add(path);
                    break;
                }
                for (var i = 0; i < array.Count; i++)
                {
                    var itemPath = FieldSet.Join(path, elements[i]!);
                    set.Add(itemPath);
                    if (kind == ListKind.Map && array[i] is JsonObject item)
                    {
                        foreach (var (name, value) in item) { Walk(value, FieldSet.Join(itemPath, "f:" + name), shape.Item().Field(name), set); }
                    }
                }
                break;
            default:
                set.Add(path);
                break;
        }
    }

    /// <summary>The element naming a list item: <c>v:</c> and its value in a set, <c>k:</c> and its keys in a map; null when keys are missing.</summary>
    private static string? ItemElement(JsonNode? item, ListKind kind, string[] keys)
    {
        if (kind == ListKind.Set)
        {
            return "v:" + (item?.ToJsonString() ?? "null");
        }
        if (kind != ListKind.Map || item is not JsonObject obj)
        {
            return null;
        }
        var key = new JsonObject();
        foreach (var k in keys)
        {
            if (obj[k] is { } value) { key[k] = value.DeepClone(); }
        }
        return key.Count == 0 ? null : "k:" + key.ToJsonString();
    }

    /// <summary>The value at a path, or <paramref name="found"/> false.</summary>
    public static JsonNode? ValueAt(JsonObject obj, string path, out bool found)
    {
        JsonNode? node = obj;
        found = true;
        foreach (var element in FieldSet.Split(path))
        {
            if (!TryStep(node, element, out node, out _, out _))
            {
                found = false;
                return null;
            }
        }
        return node;
    }

    /// <summary>Removes the field or list item at a path (nothing when it is not there).</summary>
    public static void Remove(JsonObject obj, string path)
    {
        var elements = FieldSet.Split(path);
        JsonNode? node = obj;
        foreach (var element in elements[..^1])
        {
            if (!TryStep(node, element, out node, out _, out _)) { return; }
        }
        var last = elements[^1];
        if (last.StartsWith("f:", StringComparison.Ordinal) && node is JsonObject parent)
        {
            parent.Remove(last[2..]);
        }
        else if (TryStep(node, last, out _, out var list, out var index) && list is not null)
        {
            list.RemoveAt(index);
        }
    }

    private static bool TryStep(JsonNode? node, string element, out JsonNode? next, out JsonArray? list, out int index)
    {
        next = null;
        list = null;
        index = -1;
        var body = element[2..];
        if (element[0] == 'f')
        {
            if (node is JsonObject obj && obj.TryGetPropertyValue(body, out next)) { return true; }
            return false;
        }
        if (node is not JsonArray array)
        {
            return false;
        }
        var keys = element[0] == 'k' ? JsonNode.Parse(body)!.AsObject() : null;
        var value = element[0] == 'v' ? JsonNode.Parse(body) : null;
        for (var i = 0; i < array.Count; i++)
        {
            var matches = keys is not null
                ? array[i] is JsonObject item && keys.All(k => JsonNode.DeepEquals(item[k.Key], k.Value))
                : JsonNode.DeepEquals(array[i], value);
            if (matches)
            {
                next = array[i];
                list = array;
                index = i;
                return true;
            }
        }
        return false;
    }

    /// <summary>Merges an applied configuration into an object: maps field by field, map lists item by key, sets by value, the rest replaced.</summary>
    public static void Merge(JsonObject target, JsonObject applied, FieldShape shape)
    {
        foreach (var (name, value) in applied)
        {
            var childShape = shape.Field(name);
            if (value is JsonObject appliedObject && target[name] is JsonObject targetObject)
            {
                Merge(targetObject, appliedObject, childShape);
            }
            else if (value is JsonArray appliedList && target[name] is JsonArray targetList && childShape.List() is var (kind, keys) && kind != ListKind.Atomic)
            {
                MergeList(targetList, appliedList, childShape, kind, keys);
            }
            else
            {
                target[name] = value?.DeepClone();
            }
        }
    }

    private static void MergeList(JsonArray target, JsonArray applied, FieldShape shape, ListKind kind, string[] keys)
    {
        foreach (var item in applied)
        {
            var element = ItemElement(item, kind, keys);
            if (element is not null && TryStep(target, element, out var existing, out _, out _))
            {
                if (kind == ListKind.Map && existing is JsonObject existingObject && item is JsonObject appliedObject)
                {
                    Merge(existingObject, appliedObject, shape.Item());
                }
                continue;
            }
            target.Add(item?.DeepClone());
        }
    }
}
