using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kins.Sandbox.Api.Protobuf;

/// <summary>
/// The Swagger 2.0 document in the encoding kube-apiserver serves for
/// <c>Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf</c>: gnostic's <c>openapi.v2.Document</c>
/// (field numbers from gnostic's openapiv2/OpenAPIv2.proto). kubectl 1.20 validates <c>apply -f</c> and answers
/// <c>explain</c> from it; kubectl 1.32 still reads it for strategic merge patches.
/// Vendor extensions, defaults, enums and examples are <c>Any</c>s holding their value as YAML (JSON text is YAML),
/// which is how kube-openapi reads <c>x-kubernetes-group-version-kind</c>.
/// </summary>
internal static class OpenApiV2Protobuf
{
    public const string MediaType = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";

    /// <summary>
    /// The Content-Type of the answer: kube-openapi's handler answers the Accept above with this one, because Go's
    /// mime parser (client-go reads every response's Content-Type) refuses the '@'.
    /// </summary>
    public const string ContentType = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

    public static byte[] Encode(JsonObject swagger)
    {
        var w = new ProtoWriter();
        w.String(1, Text(swagger["swagger"]));
        if (swagger["info"] is JsonObject info)
        {
            w.Message(2, i =>
            {
                i.String(1, Text(info["title"]));
                i.String(2, Text(info["version"]));
                i.String(3, Text(info["description"]));
            });
        }
        Strings(w, 6, swagger["consumes"]);
        Strings(w, 7, swagger["produces"]);
        if (swagger["paths"] is JsonObject paths)
        {
            w.Message(8, p =>
            {
                foreach (var (name, item) in paths)
                {
                    p.Message(2, named => Named(named, name, v => PathItem(v, (JsonObject)item!)));
                }
            });
        }
        if (swagger["definitions"] is JsonObject definitions)
        {
            w.Message(9, d =>
            {
                foreach (var (name, schema) in definitions)
                {
                    d.Message(1, named => Named(named, name, v => Schema(v, (JsonObject)schema!)));
                }
            });
        }
        Extensions(w, 16, swagger);
        return w.Written.ToArray();
    }

    private static void PathItem(ProtoWriter w, JsonObject item)
    {
        foreach (var (verb, field) in new[] { ("get", 2), ("put", 3), ("post", 4), ("delete", 5), ("options", 6), ("head", 7), ("patch", 8) })
        {
            if (item[verb] is JsonObject operation)
            {
                w.Message(field, o => Operation(o, operation));
            }
        }
        Parameters(w, 9, item["parameters"]);
        Extensions(w, 10, item);
    }

    private static void Operation(ProtoWriter w, JsonObject op)
    {
        Strings(w, 1, op["tags"]);
        w.String(2, Text(op["summary"]));
        w.String(3, Text(op["description"]));
        w.String(5, Text(op["operationId"]));
        Strings(w, 6, op["produces"]);
        Strings(w, 7, op["consumes"]);
        Parameters(w, 8, op["parameters"]);
        if (op["responses"] is JsonObject responses)
        {
            w.Message(9, r =>
            {
                foreach (var (code, response) in responses)
                {
                    // NamedResponseValue { name, ResponseValue { Response response = 1 } }
                    r.Message(1, named => Named(named, code, v => v.Message(1, resp => Response(resp, (JsonObject)response!))));
                }
            });
        }
        Strings(w, 10, op["schemes"]);
        w.Bool(11, op["deprecated"] is JsonValue d && d.TryGetValue<bool>(out var deprecated) && deprecated);
        Extensions(w, 13, op);
    }

    private static void Response(ProtoWriter w, JsonObject response)
    {
        w.String(1, Text(response["description"]));
        if (response["schema"] is JsonObject schema)
        {
            w.Message(2, item => item.Message(1, s => Schema(s, schema)));
        }
    }

    /// <summary>ParametersItem { Parameter { BodyParameter = 1 | NonBodyParameter = 2 { header 1, formData 2, query 3, path 4 } } }.</summary>
    private static void Parameters(ProtoWriter w, int field, JsonNode? parameters)
    {
        foreach (var parameter in parameters as JsonArray ?? [])
        {
            if (parameter is not JsonObject p)
            {
                continue;
            }
            w.Message(field, item => item.Message(1, param =>
            {
                var location = Text(p["in"]);
                if (location == "body")
                {
                    param.Message(1, body =>
                    {
                        body.String(1, Text(p["description"]));
                        body.String(2, Text(p["name"]));
                        body.String(3, location);
                        body.Bool(4, Flag(p["required"]));
                        if (p["schema"] is JsonObject schema) { body.Message(5, s => Schema(s, schema)); }
                        Extensions(body, 6, p);
                    });
                    return;
                }
                param.Message(2, nonBody =>
                {
                    if (location == "path")
                    {
                        // PathParameterSubSchema: required 1, in 2, description 3, name 4, type 5, format 6, uniqueItems 19.
                        nonBody.Message(4, s =>
                        {
                            s.Bool(1, Flag(p["required"])); s.String(2, location); s.String(3, Text(p["description"])); s.String(4, Text(p["name"]));
                            s.String(5, Text(p["type"])); s.String(6, Text(p["format"])); s.Bool(19, Flag(p["uniqueItems"])); Extensions(s, 22, p);
                        });
                        return;
                    }
                    // QueryParameterSubSchema: required 1, in 2, description 3, name 4, allowEmptyValue 5, type 6, format 7, uniqueItems 20.
                    nonBody.Message(3, s =>
                    {
                        s.Bool(1, Flag(p["required"])); s.String(2, location); s.String(3, Text(p["description"])); s.String(4, Text(p["name"]));
                        s.Bool(5, Flag(p["allowEmptyValue"])); s.String(6, Text(p["type"])); s.String(7, Text(p["format"]));
                        s.Bool(20, Flag(p["uniqueItems"])); Extensions(s, 23, p);
                    });
                });
            }));
        }
    }

    private static void Schema(ProtoWriter w, JsonObject s)
    {
        w.String(1, Text(s["$ref"]));
        w.String(2, Text(s["format"]));
        w.String(3, Text(s["title"]));
        w.String(4, Text(s["description"]));
        AnyValue(w, 5, s["default"]);
        w.Double(6, Number(s["multipleOf"]));
        w.Double(7, Number(s["maximum"]));
        w.Bool(8, Flag(s["exclusiveMaximum"]));
        w.Double(9, Number(s["minimum"]));
        w.Bool(10, Flag(s["exclusiveMinimum"]));
        w.Int64(11, (long)Number(s["maxLength"]));
        w.Int64(12, (long)Number(s["minLength"]));
        w.String(13, Text(s["pattern"]));
        w.Int64(14, (long)Number(s["maxItems"]));
        w.Int64(15, (long)Number(s["minItems"]));
        w.Bool(16, Flag(s["uniqueItems"]));
        w.Int64(17, (long)Number(s["maxProperties"]));
        w.Int64(18, (long)Number(s["minProperties"]));
        Strings(w, 19, s["required"]);
        foreach (var value in s["enum"] as JsonArray ?? [])
        {
            w.Message(20, any => any.String(2, Yaml(value)));
        }
        switch (s["additionalProperties"])
        {
            case JsonObject additional:
                w.Message(21, a => a.Message(1, inner => Schema(inner, additional)));
                break;
            case JsonValue allowed when allowed.TryGetValue<bool>(out var flag):
                w.Message(21, a => a.OneofBool(2, flag));
                break;
        }
        switch (s["type"])
        {
            case JsonValue single:
                w.Message(22, t => t.String(1, Text(single)));
                break;
            case JsonArray several:
                w.Message(22, t => Strings(t, 1, several));
                break;
        }
        switch (s["items"])
        {
            case JsonObject item:
                w.Message(23, i => i.Message(1, inner => Schema(inner, item)));
                break;
            case JsonArray items:
                w.Message(23, i => { foreach (var item in items.OfType<JsonObject>()) { i.Message(1, inner => Schema(inner, item)); } });
                break;
        }
        foreach (var part in (s["allOf"] as JsonArray ?? []).OfType<JsonObject>())
        {
            w.Message(24, inner => Schema(inner, part));
        }
        if (s["properties"] is JsonObject properties)
        {
            w.Message(25, p =>
            {
                foreach (var (name, property) in properties)
                {
                    p.Message(1, named => Named(named, name, v => Schema(v, (JsonObject)property!)));
                }
            });
        }
        w.String(26, Text(s["discriminator"]));
        w.Bool(27, Flag(s["readOnly"]));
        AnyValue(w, 30, s["example"]);
        Extensions(w, 31, s);
    }

    private static void Named(ProtoWriter w, string name, Action<ProtoWriter> value)
    {
        w.String(1, name);
        w.Message(2, value);
    }

    /// <summary>Every <c>x-</c> key as a NamedAny { name, Any { yaml } }.</summary>
    private static void Extensions(ProtoWriter w, int field, JsonObject owner)
    {
        foreach (var (name, value) in owner)
        {
            if (name.StartsWith("x-", StringComparison.Ordinal))
            {
                w.Message(field, named => Named(named, name, any => any.String(2, Yaml(value))));
            }
        }
    }

    private static void AnyValue(ProtoWriter w, int field, JsonNode? value)
    {
        if (value is not null)
        {
            w.Message(field, any => any.String(2, Yaml(value)));
        }
    }

    private static void Strings(ProtoWriter w, int field, JsonNode? values)
    {
        foreach (var value in values as JsonArray ?? [])
        {
            w.String(field, Text(value));
        }
    }

    private static string Yaml(JsonNode? value) => value is null ? "null" : value.ToJsonString() + "\n";

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static bool Flag(JsonNode? node) => node is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    private static double Number(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture) : 0;
}
