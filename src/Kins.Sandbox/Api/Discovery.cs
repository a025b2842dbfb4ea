using System.Text.Json.Nodes;
using Kins.Sandbox.Store;

namespace Kins.Sandbox.Api;

/// <summary>
/// The discovery documents: legacy (<c>/api</c>, <c>/api/v1</c>, <c>/apis</c>, <c>/apis/g</c>, <c>/apis/g/v</c>)
/// and aggregated (<c>apidiscovery.k8s.io</c> v2 or v2beta1, as the Accept header asks).
/// </summary>
internal sealed class Discovery
{
    public const string KubernetesVersion = "v1.22.6";
    private readonly ResourceRegistry _registry;

    public Discovery(ResourceRegistry registry) => _registry = registry;

    public static JsonObject Version() => new()
    {
        ["major"] = "1", ["minor"] = "22", ["gitVersion"] = KubernetesVersion, ["gitCommit"] = "f59f5c2fda36e4036b49ec027e556a15456108f0",
        ["gitTreeState"] = "clean", ["buildDate"] = "2022-01-19T17:26:47Z", ["goVersion"] = "go1.16.12", ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    public static JsonObject CoreVersions() => new()
    {
        ["kind"] = "APIVersions", ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = "127.0.0.1" }),
    };

    public JsonObject Groups() => new()
    {
        ["kind"] = "APIGroupList", ["apiVersion"] = "v1",
        ["groups"] = new JsonArray(GroupNames().Select(g => (JsonNode?)Group(g)).ToArray()),
    };

    public JsonObject? Group(string group)
    {
        var versions = Versions(group);
        if (versions.Count == 0)
        {
            return null;
        }
        JsonObject Gv(string v) => new() { ["groupVersion"] = group + "/" + v, ["version"] = v };
        return new JsonObject
        {
            ["kind"] = "APIGroup", ["apiVersion"] = "v1", ["name"] = group,
            ["versions"] = new JsonArray(versions.Select(v => (JsonNode?)Gv(v)).ToArray()),
            ["preferredVersion"] = Gv(versions[0]),
        };
    }

    public JsonObject? Resources(string group, string version)
    {
        var types = _registry.All.Where(t => t.Group == group && t.Version == version).ToList();
        if (types.Count == 0)
        {
            return null;
        }
        var resources = new JsonArray();
        foreach (var t in types)
        {
            resources.Add(new JsonObject
            {
                ["name"] = t.Plural, ["singularName"] = t.Singular, ["namespaced"] = t.Namespaced, ["kind"] = t.Kind,
                ["verbs"] = Strings(t.Verbs), ["shortNames"] = Strings(t.ShortNames), ["categories"] = Strings(t.Categories),
                ["storageVersionHash"] = StorageHash(t),
            });
            if (t.HasStatus)
            {
                resources.Add(new JsonObject
                {
                    ["name"] = t.Plural + "/status", ["singularName"] = string.Empty, ["namespaced"] = t.Namespaced, ["kind"] = t.Kind,
                    ["verbs"] = Strings(["get", "patch", "update"]),
                });
            }
        }
        return new JsonObject
        {
            ["kind"] = "APIResourceList", ["apiVersion"] = "v1", ["groupVersion"] = group.Length == 0 ? version : group + "/" + version,
            ["resources"] = resources,
        };
    }

    /// <summary>The aggregated document for <c>/api</c> (core only) or <c>/apis</c> (every named group).</summary>
    public JsonObject Aggregated(bool core, string discoveryVersion)
    {
        var items = new JsonArray();
        foreach (var group in core ? [string.Empty] : GroupNames())
        {
            var versions = new JsonArray();
            foreach (var version in Versions(group))
            {
                var resources = new JsonArray();
                foreach (var t in _registry.All.Where(t => t.Group == group && t.Version == version))
                {
                    var kind = new JsonObject { ["group"] = group, ["version"] = version, ["kind"] = t.Kind };
                    var r = new JsonObject
                    {
                        ["resource"] = t.Plural, ["responseKind"] = kind, ["scope"] = t.Namespaced ? "Namespaced" : "Cluster",
                        ["singularResource"] = t.Singular, ["verbs"] = Strings(t.Verbs),
                    };
                    if (t.ShortNames.Count > 0) { r["shortNames"] = Strings(t.ShortNames); }
                    if (t.Categories.Count > 0) { r["categories"] = Strings(t.Categories); }
                    if (t.HasStatus)
                    {
                        r["subresources"] = new JsonArray(new JsonObject
                        {
                            ["subresource"] = "status", ["responseKind"] = kind.DeepClone(), ["verbs"] = Strings(["get", "patch", "update"]),
                        });
                    }
                    resources.Add(r);
                }
                versions.Add(new JsonObject { ["version"] = version, ["resources"] = resources, ["freshness"] = "Current" });
            }
            var metadata = new JsonObject { ["creationTimestamp"] = null };
            if (!core) { metadata["name"] = group; }
            items.Add(new JsonObject { ["metadata"] = metadata, ["versions"] = versions });
        }
        return new JsonObject
        {
            ["kind"] = "APIGroupDiscoveryList", ["apiVersion"] = "apidiscovery.k8s.io/" + discoveryVersion,
            ["metadata"] = new JsonObject(), ["items"] = items,
        };
    }

    private List<string> GroupNames() =>
        _registry.All.Select(t => t.Group).Where(g => g.Length > 0).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>A group's served versions, the storage (preferred) version first.</summary>
    private List<string> Versions(string group)
    {
        var types = _registry.All.Where(t => t.Group == group).ToList();
        return types.OrderByDescending(t => t.IsStorageVersion).Select(t => t.Version).Distinct(StringComparer.Ordinal).ToList();
    }

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    private static string StorageHash(ResourceType t) =>
        Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(t.StorageKey + "/" + t.StorageVersion)))[..11];
}
