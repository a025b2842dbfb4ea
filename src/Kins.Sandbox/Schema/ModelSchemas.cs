using System.Collections;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using k8s.Models;

namespace Kins.Sandbox.Schema;

/// <summary>
/// The OpenAPI schemas of the built-in kinds, read from KubernetesClient's models (generated from the Kubernetes
/// OpenAPI document, so their fields and types are the API's) and named as the API server names them
/// (<c>io.k8s.api.core.v1.PodSpec</c>). References point into <c>#/components/schemas/</c>; descriptions come
/// from <see cref="SchemaDescriptions"/>.
/// </summary>
internal sealed partial class ModelSchemas
{
    public const string RefPrefix = "#/components/schemas/";
    private const string Meta = "io.k8s.apimachinery.pkg.apis.meta.v1.";
    private static readonly HashSet<string> MetaTypes =
    [
        "ObjectMeta", "ListMeta", "LabelSelector", "LabelSelectorRequirement", "OwnerReference", "ManagedFieldsEntry",
        "Condition", "Status", "StatusDetails", "StatusCause", "DeleteOptions", "Preconditions", "FieldSelectorRequirement",
    ];

    private readonly object _gate = new();
    private readonly Dictionary<Type, string> _names = [];
    private readonly Dictionary<string, JsonObject> _schemas = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Group, string Version, string Kind), Type> _entities;

    public static ModelSchemas Shared { get; } = new();

    private ModelSchemas()
    {
        _entities = [];
        foreach (var type in typeof(V1Pod).Assembly.GetExportedTypes())
        {
            if (type.GetCustomAttribute<KubernetesEntityAttribute>() is { } entity && entity.Kind is not null)
            {
                _entities.TryAdd((entity.Group ?? string.Empty, entity.ApiVersion ?? string.Empty, entity.Kind), type);
            }
        }
    }

    /// <summary>
    /// The schema name of a built-in kind, with its schema and every schema it references added to
    /// <paramref name="into"/>; null when the client library has no model of it.
    /// </summary>
    public string? AddKind(string group, string version, string kind, IDictionary<string, JsonObject> into)
    {
        if (!_entities.TryGetValue((group, version, kind), out var type))
        {
            return null;
        }
        lock (_gate)
        {
            var name = NameOf(type, group);
            Close(name, into);
            into[name]["x-kubernetes-group-version-kind"] = new JsonArray(new JsonObject { ["group"] = group, ["kind"] = kind, ["version"] = version });
            return name;
        }
    }

    /// <summary>A shared meta schema (ObjectMeta, ListMeta) and what it references.</summary>
    public string AddMeta(string typeName, IDictionary<string, JsonObject> into)
    {
        var type = typeof(V1Pod).Assembly.GetType("k8s.Models.V1" + typeName) ?? throw new ArgumentException(typeName, nameof(typeName));
        lock (_gate)
        {
            var name = NameOf(type, string.Empty);
            Close(name, into);
            return name;
        }
    }

    private void Close(string name, IDictionary<string, JsonObject> into)
    {
        var pending = new Stack<string>([name]);
        while (pending.TryPop(out var next))
        {
            if (into.ContainsKey(next))
            {
                continue;
            }
            var schema = _schemas[next];
            into[next] = schema.DeepClone().AsObject();
            foreach (Match m in RefPattern().Matches(schema.ToJsonString()))
            {
                pending.Push(m.Groups[1].Value);
            }
        }
    }

    private string NameOf(Type type, string rootGroup)
    {
        if (_names.TryGetValue(type, out var known))
        {
            return known;
        }
        var shortName = VersionPrefix().Replace(type.Name, string.Empty);
        var name = MetaTypes.Contains(shortName) ? Meta + shortName : Module(shortName, rootGroup) + shortName;
        _names[type] = name;
        var schema = new JsonObject { ["type"] = "object" };
        _schemas[name] = schema;
        if (SchemaDescriptions.Of(type.Name) is { } description) { schema["description"] = description; }
        var properties = new JsonObject();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<JsonPropertyNameAttribute>() is not { } json)
            {
                continue;
            }
            var propertySchema = SchemaOf(property.PropertyType, rootGroup);
            if (SchemaDescriptions.Of(type.Name + "." + property.Name) is { } text)
            {
                propertySchema["description"] = text;
            }
            properties[json.Name] = propertySchema;
        }
        schema["properties"] = properties;
        return name;
    }

    private static string Module(string shortName, string rootGroup)
    {
        var owned = rootGroup switch
        {
            "apps" => shortName.Contains("StatefulSet", StringComparison.Ordinal) || shortName.Contains("DaemonSet", StringComparison.Ordinal)
                || shortName.StartsWith("RollingUpdate", StringComparison.Ordinal),
            "storage.k8s.io" => shortName.StartsWith("StorageClass", StringComparison.Ordinal),
            "" => true,
            _ => true,
        };
        if (!owned || rootGroup.Length == 0)
        {
            return "io.k8s.api.core.v1.";
        }
        return rootGroup == "apiextensions.k8s.io"
            ? "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1."
            : "io.k8s.api." + rootGroup.Split('.')[0] + ".v1.";
    }

    private JsonObject SchemaOf(Type type, string rootGroup)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) { return new JsonObject { ["type"] = "string" }; }
        if (type == typeof(bool)) { return new JsonObject { ["type"] = "boolean" }; }
        if (type == typeof(int)) { return new JsonObject { ["type"] = "integer", ["format"] = "int32" }; }
        if (type == typeof(long)) { return new JsonObject { ["type"] = "integer", ["format"] = "int64" }; }
        if (type == typeof(double) || type == typeof(float)) { return new JsonObject { ["type"] = "number", ["format"] = "double" }; }
        if (type == typeof(DateTime) || type == typeof(DateTimeOffset)) { return new JsonObject { ["type"] = "string", ["format"] = "date-time" }; }
        if (type == typeof(byte[])) { return new JsonObject { ["type"] = "string", ["format"] = "byte" }; }
        if (type == typeof(IntOrString)) { return new JsonObject { ["x-kubernetes-int-or-string"] = true, ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "integer" }, new JsonObject { ["type"] = "string" }) }; }
        if (type == typeof(ResourceQuantity)) { return new JsonObject { ["type"] = "string", ["format"] = "quantity" }; }
        if (type.IsGenericType && type.GetGenericArguments() is [var key, var value] && key == typeof(string) && typeof(IEnumerable).IsAssignableFrom(type))
        {
            return new JsonObject { ["type"] = "object", ["additionalProperties"] = SchemaOf(value, rootGroup) };
        }
        if (type.IsGenericType && type.GetGenericArguments() is [var item] && typeof(IEnumerable).IsAssignableFrom(type))
        {
            return new JsonObject { ["type"] = "array", ["items"] = SchemaOf(item, rootGroup) };
        }
        if (type.IsClass && type.Namespace == typeof(V1Pod).Namespace && type.GetProperties().Length > 0)
        {
            return new JsonObject { ["allOf"] = new JsonArray(new JsonObject { ["$ref"] = RefPrefix + NameOf(type, rootGroup) }) };
        }
        return new JsonObject { ["x-kubernetes-preserve-unknown-fields"] = true };
    }

    [GeneratedRegex(@"^(V\d+(alpha\d+|beta\d+)?|[A-Z][a-z]+v\d+)(?=[A-Z])")]
    private static partial Regex VersionPrefix();

    [GeneratedRegex("\"\\$ref\":\"#/components/schemas/([^\"]+)\"")]
    private static partial Regex RefPattern();
}
