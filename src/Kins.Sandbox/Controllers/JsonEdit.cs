using System.Text.Json.Nodes;

namespace Kins.Sandbox.Controllers;

/// <summary>Small edits on JSON trees that controllers make before writing an object back.</summary>
internal static class JsonEdit
{
    public static JsonObject Obj(JsonObject parent, string name)
    {
        if (parent[name] is not JsonObject child)
        {
            child = new JsonObject();
            parent[name] = child;
        }
        return child;
    }

    public static JsonArray Arr(JsonObject parent, string name)
    {
        if (parent[name] is not JsonArray child)
        {
            child = new JsonArray();
            parent[name] = child;
        }
        return child;
    }

    public static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    public static IEnumerable<string> ReadStrings(JsonNode? node) =>
        node is JsonArray a ? a.Select(x => (string?)x).OfType<string>() : [];

    public static Dictionary<string, string> ReadMap(JsonNode? node) =>
        node is JsonObject o ? o.ToDictionary(p => p.Key, p => (string?)p.Value ?? string.Empty, StringComparer.Ordinal) : new(StringComparer.Ordinal);

    public static JsonObject Map(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var o = new JsonObject();
        foreach (var (k, v) in pairs) { o[k] = v; }
        return o;
    }
}
