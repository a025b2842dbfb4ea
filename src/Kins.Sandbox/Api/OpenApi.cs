using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Kins.Sandbox.Api.Patching;
using Kins.Sandbox.Schema;
using Kins.Sandbox.Store;

namespace Kins.Sandbox.Api;

/// <summary>
/// OpenAPI v3 documents (and the Swagger 2.0 one as JSON): every served kind's schema, the CRDs' structural schemas
/// included (what <c>kubectl explain</c> reads), and for every resource a patch operation with its
/// group-version-kind and a <c>fieldValidation</c> parameter, so <c>kubectl apply</c> validates on the server. Strategic merge is never advertised: kubectl then uses its
/// built-in types for built-ins and merge patch for custom resources, as against a real server.
/// </summary>
internal sealed class OpenApi
{
    private readonly ResourceRegistry _registry;

    public OpenApi(ResourceRegistry registry) => _registry = registry;

    public JsonObject Root()
    {
        var paths = new JsonObject();
        foreach (var gv in _registry.All.Select(t => (t.Group, t.Version)).Distinct())
        {
            var key = PathKey(gv.Group, gv.Version);
            paths[key] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{key}?hash={Hash(gv.Group, gv.Version)}" };
        }
        return new JsonObject { ["paths"] = paths };
    }

    /// <summary>The document of <c>api/v1</c> or <c>apis/&lt;g&gt;/&lt;v&gt;</c>; null when not served.</summary>
    public JsonObject? Document(string key)
    {
        var match = _registry.All.Select(t => (t.Group, t.Version)).Distinct().FirstOrDefault(gv => PathKey(gv.Group, gv.Version) == key);
        if (match.Version is null)
        {
            return null;
        }
        var paths = new JsonObject();
        foreach (var t in _registry.All.Where(t => t.Group == match.Group && t.Version == match.Version))
        {
            var prefix = "/" + PathKey(t.Group, t.Version) + (t.Namespaced ? "/namespaces/{namespace}/" : "/") + t.Plural;
            paths[prefix] = new JsonObject { ["get"] = Operation(t, "list"), ["post"] = Operation(t, "post"), ["delete"] = Operation(t, "deletecollection") };
            paths[prefix + "/{name}"] = new JsonObject
            {
                ["get"] = Operation(t, "get"), ["put"] = Operation(t, "put"), ["patch"] = Operation(t, "patch"), ["delete"] = Operation(t, "delete"),
            };
            if (t.HasStatus)
            {
                paths[prefix + "/{name}/status"] = new JsonObject { ["get"] = Operation(t, "get"), ["put"] = Operation(t, "put"), ["patch"] = Operation(t, "patch") };
            }
        }
        var schemas = new JsonObject();
        foreach (var (name, schema) in PublishedSchemas.For(_registry.All.Where(t => t.Group == match.Group && t.Version == match.Version)))
        {
            schemas[name] = schema;
        }
        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = Discovery.KubernetesVersion },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }

    /// <summary>
    /// The Swagger 2.0 document (<c>/openapi/v2</c>) of every served kind, as JSON: the same schemas under
    /// <c>definitions</c>, for clients that explain or validate with it.
    /// </summary>
    public JsonObject SwaggerDocument()
    {
        var paths = new JsonObject();
        foreach (var t in _registry.All)
        {
            var prefix = "/" + PathKey(t.Group, t.Version) + (t.Namespaced ? "/namespaces/{namespace}/" : "/") + t.Plural;
            paths[prefix] = new JsonObject { ["get"] = SwaggerOperation(t, "list"), ["post"] = SwaggerOperation(t, "post") };
            paths[prefix + "/{name}"] = new JsonObject
            {
                ["get"] = SwaggerOperation(t, "get"), ["put"] = SwaggerOperation(t, "put"), ["patch"] = SwaggerOperation(t, "patch"),
                ["delete"] = SwaggerOperation(t, "delete"),
            };
        }
        var definitions = new JsonObject();
        foreach (var (name, schema) in PublishedSchemas.For(_registry.All))
        {
            var definition = (JsonObject)SwaggerSchema(schema);
            if (name.StartsWith("io.k8s.", StringComparison.Ordinal))
            {
                AddPatchMeta(name, definition);
            }
            definitions[name] = definition;
        }
        return new JsonObject
        {
            ["swagger"] = "2.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = Discovery.KubernetesVersion },
            ["paths"] = paths,
            ["definitions"] = definitions,
        };
    }

    /// <summary>
    /// The strategic-merge metadata of a built-in's list fields: kubectl 1.20 (and 1.32 for built-ins) computes an
    /// apply's strategic merge patch from the v2 document, so without it a list would be replaced instead of merged.
    /// </summary>
    private static void AddPatchMeta(string name, JsonObject definition)
    {
        foreach (var (field, property) in definition["properties"] as JsonObject ?? [])
        {
            if (property is JsonObject p && (string?)p["type"] == "array" && StrategicMergePatch.PatchMeta(name, field) is { } meta)
            {
                p["x-kubernetes-patch-strategy"] = meta.Strategy;
                if (meta.MergeKey is not null) { p["x-kubernetes-patch-merge-key"] = meta.MergeKey; }
            }
        }
    }

    private static JsonObject SwaggerOperation(ResourceType t, string action)
    {
        var op = Operation(t, action);
        op["parameters"] = new JsonArray(op["parameters"]!.AsArray().Select(p => (JsonNode)new JsonObject
        {
            ["name"] = p!["name"]!.DeepClone(), ["in"] = "query", ["type"] = "string", ["uniqueItems"] = true,
        }).ToArray());
        op.Remove("requestBody");
        if (action == "patch")
        {
            op["consumes"] = new JsonArray(MediaTypes.JsonPatch, MediaTypes.MergePatch, MediaTypes.ApplyPatch);
        }
        return op;
    }

    /// <summary>An OpenAPI 3 schema as Swagger 2.0 writes it: plain <c>$ref</c>s into definitions, int-or-string as a format.</summary>
    private static JsonNode SwaggerSchema(JsonNode node)
    {
        if (node is not JsonObject obj)
        {
            return node.DeepClone();
        }
        if (obj["allOf"] is JsonArray { Count: 1 } allOf && allOf[0] is JsonObject { Count: 1 } only && only["$ref"] is { } reference)
        {
            var result = new JsonObject { ["$ref"] = ((string?)reference)!.Replace(ModelSchemas.RefPrefix, "#/definitions/", StringComparison.Ordinal) };
            if (obj["description"] is { } description) { result["description"] = description.DeepClone(); }
            return result;
        }
        if (obj["x-kubernetes-int-or-string"] is JsonValue flag && flag.TryGetValue<bool>(out var isIntOrString) && isIntOrString)
        {
            var intOrString = new JsonObject { ["type"] = "string", ["format"] = "int-or-string" };
            if (obj["description"] is { } text) { intOrString["description"] = text.DeepClone(); }
            return intOrString;
        }
        var copy = new JsonObject();
        foreach (var (key, value) in obj)
        {
            copy[key] = (key, value) switch
            {
                (_, null) => null,
                ("properties", JsonObject properties) => new JsonObject(properties.Select(p =>
                    KeyValuePair.Create(p.Key, p.Value is null ? null : SwaggerSchema(p.Value)))),
                ("items" or "additionalProperties" or "not", JsonObject sub) => SwaggerSchema(sub),
                ("items" or "allOf" or "anyOf" or "oneOf", JsonArray subs) => new JsonArray(subs.Select(i => i is null ? null : SwaggerSchema(i)).ToArray()),
                _ => value.DeepClone(),
            };
        }
        return ForKubectlValidation(copy);
    }

    /// <summary>
    /// What kube-apiserver strips from a structural schema for v2 (apiextensions' ToStructuralOpenAPIV2), because
    /// kubectl's client-side validation would refuse valid objects: anyOf/oneOf/not, properties and items under
    /// <c>x-kubernetes-preserve-unknown-fields</c> and <c>nullable</c> (the latter untyped), an array left without items untyped.
    /// </summary>
    private static JsonObject ForKubectlValidation(JsonObject schema)
    {
        schema.Remove("anyOf");
        schema.Remove("oneOf");
        schema.Remove("not");
        if (schema["nullable"] is JsonValue nullable && nullable.TryGetValue<bool>(out var isNullable) && isNullable)
        {
            schema.Remove("type");
            schema.Remove("items");
            schema.Remove("properties");
        }
        schema.Remove("nullable");
        if (schema["x-kubernetes-preserve-unknown-fields"] is JsonValue preserve && preserve.TryGetValue<bool>(out var preserves) && preserves)
        {
            schema.Remove("items");
            schema.Remove("properties");
        }
        if ((string?)schema["type"] == "array" && schema["items"] is null)
        {
            schema.Remove("type");
        }
        return schema;
    }

    private static JsonObject Operation(ResourceType t, string action)
    {
        var parameters = new JsonArray(
            Query("dryRun"), Query("fieldManager"), Query("pretty"));
        if (action is "post" or "put" or "patch")
        {
            parameters.Add(Query("fieldValidation"));
        }
        var op = new JsonObject
        {
            ["operationId"] = action + t.Kind,
            ["parameters"] = parameters,
            ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "OK" } },
            ["x-kubernetes-action"] = action,
            ["x-kubernetes-group-version-kind"] = new JsonObject { ["group"] = t.Group, ["version"] = t.Version, ["kind"] = t.Kind },
        };
        if (action == "patch")
        {
            op["requestBody"] = new JsonObject
            {
                ["content"] = new JsonObject
                {
                    [MediaTypes.JsonPatch] = new JsonObject(),
                    [MediaTypes.MergePatch] = new JsonObject(),
                },
            };
        }
        return op;
    }

    private static JsonObject Query(string name) => new()
    {
        ["name"] = name, ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true },
    };

    private static string PathKey(string group, string version) => group.Length == 0 ? "api/" + version : $"apis/{group}/{version}";

    private string Hash(string group, string version)
    {
        // The CRD's schema is part of the hash: clients re-fetch a document whose schema changed.
        var text = string.Join(",", _registry.All.Where(t => t.Group == group && t.Version == version)
            .Select(t => t.Plural + t.Kind + t.HasStatus + t.Schema?.ToJsonString()));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
    }
}
