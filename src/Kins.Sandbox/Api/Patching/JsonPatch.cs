using System.Globalization;
using System.Text.Json.Nodes;
using Kins.Sandbox.Store;

namespace Kins.Sandbox.Api.Patching;

/// <summary>JSON patch (RFC 6902): add, remove, replace, move, copy, test with JSON pointers.</summary>
internal static class JsonPatch
{
    public static JsonObject Apply(JsonObject target, JsonNode? patch)
    {
        if (patch is not JsonArray operations)
        {
            throw ApiException.BadRequest("the json patch must be an array of operations");
        }
        JsonNode root = target;
        foreach (var op in operations)
        {
            if (op is not JsonObject o)
            {
                throw ApiException.BadRequest("a json patch operation must be an object");
            }
            var kind = (string?)o["op"];
            var path = (string?)o["path"] ?? throw ApiException.BadRequest("json patch operation without \"path\"");
            switch (kind)
            {
                case "add": root = Add(root, path, Value(o)); break;
                case "remove": Remove(root, path); break;
                case "replace": Remove(root, path); root = Add(root, path, Value(o)); break;
                case "move":
                    var moved = Get(root, From(o)).DeepClone();
                    Remove(root, From(o));
                    root = Add(root, path, moved);
                    break;
                case "copy": root = Add(root, path, Get(root, From(o)).DeepClone()); break;
                case "test":
                    if (!JsonNode.DeepEquals(Get(root, path), o["value"]))
                    {
                        throw new ApiException(422, "Invalid", $"the server rejected our request due to an error in our request: testing value {path} failed");
                    }
                    break;
                default: throw ApiException.BadRequest($"Unexpected kind: {kind}");
            }
        }
        return root as JsonObject ?? throw ApiException.BadRequest("json patch replaced the whole object with a non-object");
    }

    private static JsonNode? Value(JsonObject op) =>
        op.ContainsKey("value") ? op["value"]?.DeepClone() : throw ApiException.BadRequest("json patch operation without \"value\"");

    private static string From(JsonObject op) => (string?)op["from"] ?? throw ApiException.BadRequest("json patch operation without \"from\"");

    private static List<string> Tokens(string pointer)
    {
        if (pointer.Length == 0) { return []; }
        if (pointer[0] != '/') { throw ApiException.BadRequest($"invalid json pointer: {pointer}"); }
        return pointer[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToList();
    }

    private static JsonNode Get(JsonNode root, string pointer)
    {
        var node = root;
        foreach (var token in Tokens(pointer))
        {
            node = node switch
            {
                JsonObject obj when obj.TryGetPropertyValue(token, out var child) && child is not null => child,
                JsonArray arr when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < arr.Count && arr[i] is { } item => item,
                _ => throw Missing(pointer),
            };
        }
        return node;
    }

    private static JsonNode Add(JsonNode root, string pointer, JsonNode? value)
    {
        var tokens = Tokens(pointer);
        if (tokens.Count == 0)
        {
            return value ?? throw ApiException.BadRequest("cannot replace the whole object with null");
        }
        var parent = Get(root, ParentPointer(tokens));
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject obj:
                obj.Remove(last);
                obj[last] = value;
                break;
            case JsonArray arr when last == "-":
                arr.Add(value);
                break;
            case JsonArray arr when int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i <= arr.Count:
                arr.Insert(i, value);
                break;
            default:
                throw Missing(pointer);
        }
        return root;
    }

    private static void Remove(JsonNode root, string pointer)
    {
        var tokens = Tokens(pointer);
        if (tokens.Count == 0) { throw ApiException.BadRequest("cannot remove the whole object"); }
        var parent = Get(root, ParentPointer(tokens));
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject obj when obj.ContainsKey(last):
                obj.Remove(last);
                break;
            case JsonArray arr when int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < arr.Count:
                arr.RemoveAt(i);
                break;
            default:
                throw Missing(pointer);
        }
    }

    private static string ParentPointer(List<string> tokens) =>
        tokens.Count == 1 ? string.Empty : "/" + string.Join('/', tokens.Take(tokens.Count - 1).Select(Escape));

    private static string Escape(string token) => token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static ApiException Missing(string pointer) =>
        new(422, "Invalid", $"the server rejected our request due to an error in our request: path {pointer} not found");
}
