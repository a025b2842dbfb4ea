using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Kins.Sandbox.Store;

namespace Kins.Sandbox.Api;

/// <summary>
/// OpenAPI v3 documents: enough for kubectl to see that every resource supports server-side field validation
/// (a patch operation with its group-version-kind and a <c>fieldValidation</c> parameter), so
/// <c>kubectl apply</c> validates on the server. Strategic merge is never advertised: kubectl then uses its
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
        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = Discovery.KubernetesVersion },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = new JsonObject() },
        };
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
        var text = string.Join(",", _registry.All.Where(t => t.Group == group && t.Version == version).Select(t => t.Plural + t.Kind + t.HasStatus));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
    }
}
