using System.Text.Json.Nodes;
using Kins.Sandbox.Store;

namespace Kins.Sandbox.Schema;

/// <summary>
/// The component schemas an API server publishes for served kinds: the built-ins' from their models, a custom
/// resource's from its CRD's structural schema (metadata as ObjectMeta, the group-version-kind attached, and its
/// list kind), as kube-apiserver publishes them once the CRD is established.
/// </summary>
internal static class PublishedSchemas
{
    /// <summary>The schemas of <paramref name="types"/> and everything they reference, by name.</summary>
    public static SortedDictionary<string, JsonObject> For(IEnumerable<ResourceType> types)
    {
        var schemas = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var type in types)
        {
            if (type.IsCustom)
            {
                AddCustom(type, schemas);
            }
            else
            {
                ModelSchemas.Shared.AddKind(type.Group, type.Version, type.Kind, schemas);
                ModelSchemas.Shared.AddKind(type.Group, type.Version, type.ListKind, schemas);
            }
        }
        return schemas;
    }

    /// <summary>The name kube-apiserver gives a custom kind's schema: the group reversed, then version and kind.</summary>
    public static string CustomName(ResourceType type, string kind) =>
        string.Join('.', Enumerable.Reverse(type.Group.Split('.'))) + "." + type.Version + "." + kind;

    private static void AddCustom(ResourceType type, SortedDictionary<string, JsonObject> schemas)
    {
        var objectMeta = ModelSchemas.Shared.AddMeta("ObjectMeta", schemas);
        var listMeta = ModelSchemas.Shared.AddMeta("ListMeta", schemas);
        var schema = type.Schema?.DeepClone().AsObject() ?? new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true };
        var properties = schema["properties"] as JsonObject ?? [];
        schema["properties"] = properties;
        properties["apiVersion"] = Text(properties["apiVersion"], "APIVersion defines the versioned schema of this representation of an object.");
        properties["kind"] = Text(properties["kind"], "Kind is a string value representing the REST resource this object represents.");
        properties["metadata"] = Reference(objectMeta,
            "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata");
        schema["x-kubernetes-group-version-kind"] = Gvk(type, type.Kind);
        var name = CustomName(type, type.Kind);
        schemas[name] = schema;
        schemas[CustomName(type, type.ListKind)] = new JsonObject
        {
            ["description"] = $"{type.ListKind} is a list of {type.Kind}",
            ["type"] = "object",
            ["required"] = new JsonArray("items"),
            ["properties"] = new JsonObject
            {
                ["apiVersion"] = Text(null, "APIVersion defines the versioned schema of this representation of an object."),
                ["items"] = new JsonObject
                {
                    ["description"] = $"List of {type.Plural.ToLowerInvariant()}.",
                    ["type"] = "array",
                    ["items"] = Reference(name, null),
                },
                ["kind"] = Text(null, "Kind is a string value representing the REST resource this object represents."),
                ["metadata"] = Reference(listMeta, "Standard list metadata."),
            },
            ["x-kubernetes-group-version-kind"] = Gvk(type, type.ListKind),
        };
    }

    private static JsonObject Text(JsonNode? existing, string description)
    {
        var node = existing?.DeepClone() as JsonObject ?? new JsonObject { ["type"] = "string" };
        node["description"] ??= description;
        return node;
    }

    private static JsonObject Reference(string name, string? description)
    {
        var node = new JsonObject { ["allOf"] = new JsonArray(new JsonObject { ["$ref"] = ModelSchemas.RefPrefix + name }) };
        if (description is not null) { node["description"] = description; }
        return node;
    }

    private static JsonArray Gvk(ResourceType type, string kind) =>
        new(new JsonObject { ["group"] = type.Group, ["kind"] = kind, ["version"] = type.Version });
}
