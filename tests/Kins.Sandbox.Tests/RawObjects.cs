using System.Net;
using System.Text.Json.Nodes;
using Kins.Core.SuperEdge;

namespace Kins.Sandbox.Tests;

/// <summary>Reads and writes the raw objects of a test sandbox over its HTTPS API, and runs kubectl jsonpath queries.</summary>
internal static class RawObjects
{
    public const string UnitsPath = "/apis/site.superedge.io/v1alpha2/nodeunits";
    public const string KinsPath = "/api/v1/namespaces/kins-system";
    public const string KinsAppsPath = "/apis/apps/v1/namespaces/kins-system";

    /// <summary>GET of an API path: the object, or null on 404.</summary>
    public static async Task<JsonNode?> GetAsync(this TestSandbox sandbox, string path)
    {
        var (code, body) = await sandbox.SendAsync(HttpMethod.Get, path);
        if (code == HttpStatusCode.NotFound)
        {
            return null;
        }
        Assert.True(code == HttpStatusCode.OK, $"GET {path}: {(int)code} {body}");
        return body;
    }

    public static Task<JsonNode?> UnitAsync(this TestSandbox sandbox, string unit) => sandbox.GetAsync(UnitsPath + "/" + unit);

    public static async Task<JsonNode?> NodeAsync(this TestSandbox sandbox, string node) => await sandbox.GetAsync("/api/v1/nodes/" + node);

    /// <summary>A JSON merge patch of the unit (what Kins and kubectl patch --type merge send).</summary>
    public static async Task MergePatchUnitAsync(this TestSandbox sandbox, string unit, string patch)
    {
        var (code, body) = await sandbox.SendAsync(HttpMethod.Patch, UnitsPath + "/" + unit, patch, "application/merge-patch+json");
        Assert.True(code == HttpStatusCode.OK, $"PATCH {unit}: {(int)code} {body}");
    }

    public static Task SetLevelAsync(this TestSandbox sandbox, string unit, string level) =>
        sandbox.MergePatchUnitAsync(unit, "{\"spec\":{\"autonomyLevel\":\"" + level + "\"}}");

    /// <summary>Creates a unit from YAML with kubectl apply.</summary>
    public static async Task ApplyAsync(this TestSandbox sandbox, string yaml)
    {
        var file = Path.Combine(sandbox.Folder, Guid.NewGuid().ToString("N") + ".yaml");
        await File.WriteAllTextAsync(file, yaml);
        await sandbox.Kubectl.OkAsync("apply", "-f", file);
    }

    /// <summary><c>kubectl get &lt;what&gt; -o jsonpath=&lt;path&gt;</c>, its output.</summary>
    public static async Task<string> JsonPathAsync(this TestSandbox sandbox, string path, params string[] what) =>
        (await sandbox.Kubectl.OkAsync([.. what, "-o", "jsonpath=" + path])).Stdout;

    /// <summary>Deletes the article's unit test (at L3, so deletion goes through) so its nodes edge1..3 belong to no unit listing them.</summary>
    public static async Task FreeArticleNodesAsync(this TestSandbox sandbox)
    {
        await sandbox.Kubectl.OkAsync("delete", "nu", "test", "--wait=false");
        await TestSandbox.EventuallyAsync(async () => await sandbox.UnitAsync("test") is null
            && (await sandbox.NodeAsync("edge1"))!["metadata"]!["labels"]!["test"] is null, "unit test gone and its label off edge1");
    }

    public static string? Label(this JsonNode? obj, string key) => (string?)obj?["metadata"]?["labels"]?[key];

    public static IEnumerable<string> Names(this JsonNode? list) =>
        (list?["items"] as JsonArray ?? []).Select(i => (string?)i?["metadata"]?["name"]).OfType<string>();

    public static bool HasKinsTaint(this JsonNode? node) =>
        (node?["spec"]?["taints"] as JsonArray ?? []).Any(t => (string?)t?["key"] == SuperEdgeNames.KinsTaintKey && (string?)t?["effect"] == SuperEdgeNames.KinsTaintEffect);

    public static bool PodReady(this JsonNode? pod) =>
        (pod?["status"]?["conditions"] as JsonArray ?? []).Any(c => (string?)c?["type"] == "Ready" && (string?)c?["status"] == "True");

    public static string NodeUnitYaml(string name, string level, IEnumerable<string>? nodes = null, string? selectorYaml = null)
    {
        var text = $"apiVersion: site.superedge.io/v1alpha2\nkind: NodeUnit\nmetadata:\n  name: {name}\nspec:\n  autonomyLevel: {level}\n  type: edge\n";
        if (nodes is not null) { text += "  nodes:\n" + string.Concat(nodes.Select(n => $"  - {n}\n")); }
        if (selectorYaml is not null) { text += "  selector:\n" + selectorYaml; }
        return text;
    }

    /// <summary>A selector-only spec: <c>kubernetes.io/hostname In (nodes)</c>.</summary>
    public static string HostnameSelector(params string[] nodes) =>
        "    matchExpressions:\n    - key: kubernetes.io/hostname\n      operator: In\n      values:\n" + string.Concat(nodes.Select(n => $"      - {n}\n"));
}
