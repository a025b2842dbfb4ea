using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kins.Sandbox.Store;

namespace Kins.Sandbox.Schema;

/// <summary>
/// What an API server does with a custom resource and its CRD's openAPIV3Schema: prune unknown fields (and
/// non-nullable nulls), apply defaults, and validate types, required fields, enums and patterns.
/// </summary>
internal static class StructuralSchema
{
    private static readonly string[] RootFields = ["apiVersion", "kind", "metadata"];

    /// <summary>Removes fields the schema does not know; returns their paths (for strict validation and warnings).</summary>
    public static List<string> Prune(JsonObject root, JsonObject schema)
    {
        var unknown = new List<string>();
        PruneObject(root, schema, string.Empty, unknown, isRoot: true);
        return unknown;
    }

    public static void ApplyDefaults(JsonNode? node, JsonObject? schema)
    {
        if (schema is null || node is null)
        {
            return;
        }
        if (node is JsonObject obj)
        {
            if (schema["properties"] is JsonObject props)
            {
                foreach (var (name, propSchema) in props)
                {
                    if (propSchema is not JsonObject ps) { continue; }
                    if (!obj.ContainsKey(name) && ps["default"] is { } def)
                    {
                        obj[name] = def.DeepClone();
                    }
                    if (obj[name] is { } child && name != "metadata")
                    {
                        ApplyDefaults(child, ps);
                    }
                }
            }
            if (schema["additionalProperties"] is JsonObject ap)
            {
                foreach (var (_, value) in obj.ToList()) { ApplyDefaults(value, ap); }
            }
        }
        else if (node is JsonArray array && schema["items"] is JsonObject items)
        {
            foreach (var item in array) { ApplyDefaults(item, items); }
        }
    }

    public static List<StatusCause> Validate(JsonObject root, JsonObject schema)
    {
        var causes = new List<StatusCause>();
        if (schema["properties"] is JsonObject props)
        {
            foreach (var (name, value) in root)
            {
                if (name is "metadata" or "apiVersion" or "kind") { continue; }
                if (props[name] is JsonObject ps) { ValidateNode(value, ps, name, causes); }
            }
            CheckRequired(root, schema, string.Empty, causes);
        }
        return causes;
    }

    private static void PruneObject(JsonObject obj, JsonObject schema, string path, List<string> unknown, bool isRoot = false)
    {
        if (IsTrue(schema["x-kubernetes-preserve-unknown-fields"]) && schema["properties"] is null)
        {
            return;
        }
        var props = schema["properties"] as JsonObject;
        var additional = schema["additionalProperties"];
        foreach (var (name, value) in obj.ToList())
        {
            var childPath = path.Length == 0 ? name : path + "." + name;
            if (isRoot && RootFields.Contains(name))
            {
                continue;
            }
            JsonObject? childSchema = props?[name] as JsonObject ?? additional as JsonObject;
            if (childSchema is null && !IsTrue(additional) && !IsTrue(schema["x-kubernetes-preserve-unknown-fields"]))
            {
                obj.Remove(name);
                unknown.Add(childPath);
                continue;
            }
            if (value is null)
            {
                if (childSchema is not null && !IsTrue(childSchema["nullable"])) { obj.Remove(name); }
                continue;
            }
            if (childSchema is not null) { PruneNode(value, childSchema, childPath, unknown); }
        }
    }

    private static void PruneNode(JsonNode node, JsonObject schema, string path, List<string> unknown)
    {
        if (node is JsonObject obj && (schema["properties"] is not null || schema["additionalProperties"] is not null || (string?)schema["type"] == "object"))
        {
            PruneObject(obj, schema, path, unknown);
        }
        else if (node is JsonArray array && schema["items"] is JsonObject items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                if (array[i] is { } item) { PruneNode(item, items, $"{path}[{i}]", unknown); }
            }
        }
    }

    private static void ValidateNode(JsonNode? node, JsonObject schema, string path, List<StatusCause> causes)
    {
        if (node is null)
        {
            if (!IsTrue(schema["nullable"]))
            {
                causes.Add(new("FieldValueInvalid", $"Invalid value: \"null\": {path} in body must be of type {(string?)schema["type"] ?? "object"}: \"null\"", path));
            }
            return;
        }
        if (schema["anyOf"] is JsonArray anyOf && !IsTrue(schema["x-kubernetes-int-or-string"]))
        {
            var anyOk = anyOf.OfType<JsonObject>().Any(s => { var c = new List<StatusCause>(); ValidateNode(node, s, path, c); return c.Count == 0; });
            if (!anyOk) { causes.Add(new("FieldValueInvalid", $"Invalid value: {Show(node)}: {path} in body must match at least one schema in anyOf", path)); }
        }
        var kind = node.GetValueKind();
        if (IsTrue(schema["x-kubernetes-int-or-string"]))
        {
            if (kind != JsonValueKind.String && !IsInteger(node))
            {
                causes.Add(new("FieldValueInvalid", $"Invalid value: {Show(node)}: {path} in body must be of type integer-or-string: \"{TypeName(kind)}\"", path));
            }
            return;
        }
        var type = (string?)schema["type"];
        if (type is not null && !TypeMatches(type, node, kind))
        {
            causes.Add(new("FieldValueInvalid", $"Invalid value: {Show(node)}: {path} in body must be of type {type}: \"{TypeName(kind)}\"", path));
            return;
        }
        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, node)))
        {
            causes.Add(new("FieldValueNotSupported", $"Unsupported value: {Show(node)}: supported values: {string.Join(", ", allowed.Select(Show))}", path));
        }
        if (kind == JsonValueKind.String && schema["pattern"] is JsonValue pattern && pattern.TryGetValue<string>(out var p)
            && !Regex.IsMatch(node.GetValue<string>(), p, RegexOptions.None, TimeSpan.FromMilliseconds(100)))
        {
            causes.Add(new("FieldValueInvalid", $"Invalid value: {Show(node)}: {path} in body should match '{p}'", path));
        }
        switch (node)
        {
            case JsonObject obj:
                var props = schema["properties"] as JsonObject;
                var additional = schema["additionalProperties"] as JsonObject;
                foreach (var (name, value) in obj)
                {
                    if (props?[name] is JsonObject ps) { ValidateNode(value, ps, path + "." + name, causes); }
                    else if (additional is not null) { ValidateNode(value, additional, path + "." + name, causes); }
                }
                CheckRequired(obj, schema, path, causes);
                break;
            case JsonArray array when schema["items"] is JsonObject items:
                for (var i = 0; i < array.Count; i++) { ValidateNode(array[i], items, $"{path}[{i}]", causes); }
                break;
        }
    }

    private static void CheckRequired(JsonObject obj, JsonObject schema, string path, List<StatusCause> causes)
    {
        if (schema["required"] is not JsonArray required) { return; }
        foreach (var name in required.Select(r => (string?)r).OfType<string>())
        {
            if (!obj.ContainsKey(name))
            {
                var field = path.Length == 0 ? name : path + "." + name;
                causes.Add(new("FieldValueRequired", "Required value", field));
            }
        }
    }

    private static bool TypeMatches(string type, JsonNode node, JsonValueKind kind) => type switch
    {
        "object" => node is JsonObject,
        "array" => node is JsonArray,
        "string" => kind == JsonValueKind.String,
        "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
        "integer" => IsInteger(node),
        "number" => kind == JsonValueKind.Number,
        _ => true,
    };

    private static bool IsInteger(JsonNode node) =>
        node.GetValueKind() == JsonValueKind.Number && decimal.TryParse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == decimal.Truncate(d);

    private static string TypeName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };

    private static string Show(JsonNode? node) => node is null ? "null" : node.GetValueKind() == JsonValueKind.String ? node.ToJsonString() : "\"" + node.ToJsonString().Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static bool IsTrue(JsonNode? node) => node is JsonValue v && v.TryGetValue<bool>(out var b) && b;
}
