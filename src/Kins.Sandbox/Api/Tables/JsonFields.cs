using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kins.Sandbox.Store;

namespace Kins.Sandbox.Api.Tables;

/// <summary>Small readers over JSON trees for table cells: dotted paths, strings, ages.</summary>
internal static class JsonFields
{
    /// <summary>Evaluates a simple JSONPath like <c>.status.readyRate</c> or <c>.spec.ports[0].port</c>.</summary>
    public static JsonNode? Path(JsonNode? root, string path)
    {
        var node = root;
        foreach (var raw in path.TrimStart('{').TrimEnd('}').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var segment = raw;
            int? index = null;
            var bracket = raw.IndexOf('[', StringComparison.Ordinal);
            if (bracket >= 0 && raw.EndsWith(']'))
            {
                segment = raw[..bracket];
                index = int.TryParse(raw[(bracket + 1)..^1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null;
            }
            node = node is JsonObject obj ? obj[segment] : null;
            if (index is int at)
            {
                node = node is JsonArray arr && at >= 0 && at < arr.Count ? arr[at] : null;
            }
            if (node is null)
            {
                return null;
            }
        }
        return node;
    }

    public static string? Str(JsonNode? root, string path) => Path(root, path) switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        var other => other.ToJsonString(),
    };

    public static string StrOr(JsonNode? root, string path, string fallback = "<none>") =>
        Str(root, path) is { Length: > 0 } s ? s : fallback;

    public static long Long(JsonNode? root, string path) =>
        Path(root, path) is JsonValue v && v.TryGetValue<long>(out var n) ? n : 0;

    public static string Age(JsonNode? root, string path = ".metadata.creationTimestamp") =>
        HumanDuration.Since(Timestamps.Parse(Str(root, path)));

    public static int Count(JsonNode? node) => node switch
    {
        JsonObject o => o.Count,
        JsonArray a => a.Count,
        _ => 0,
    };

    public static string Map(JsonNode? node) =>
        node is JsonObject { Count: > 0 } o ? string.Join(",", o.Select(p => p.Key + "=" + (string?)p.Value)) : "<none>";
}
