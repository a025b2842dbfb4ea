using System.Text.Json.Nodes;

namespace Kins.Sandbox.Store.FieldManagement;

/// <summary>How a list merges under server-side apply: replaced whole, a set of scalars, or a map keyed by fields.</summary>
internal enum ListKind { Atomic, Set, Map }

/// <summary>
/// What server-side apply needs to know about a field's type: how its lists merge. A custom resource reads it from
/// its CRD's schema (<c>x-kubernetes-list-type</c>, <c>x-kubernetes-list-map-keys</c>; atomic by default); a
/// built-in kind from the merge keys of the Kubernetes API types the sandbox's objects use; any other list of a
/// built-in is atomic.
/// </summary>
internal sealed class FieldShape
{
    private static readonly Dictionary<string, string[]> BuiltinMapLists = new(StringComparer.Ordinal)
    {
        ["containers"] = ["name"], ["initContainers"] = ["name"], ["ephemeralContainers"] = ["name"], ["env"] = ["name"],
        ["volumes"] = ["name"], ["volumeMounts"] = ["mountPath"], ["imagePullSecrets"] = ["name"], ["conditions"] = ["type"],
        ["taints"] = ["key", "effect"], ["ownerReferences"] = ["uid"], ["volumeClaimTemplates"] = [],
        ["containerStatuses"] = [], ["addresses"] = [],
    };

    private readonly JsonObject? _schema;
    private readonly bool _custom;
    private readonly string? _name;
    private readonly string? _parent;

    private FieldShape(JsonObject? schema, bool custom, string? name, string? parent)
    {
        _schema = schema;
        _custom = custom;
        _name = name;
        _parent = parent;
    }

    public static FieldShape Root(ResourceType type) => new(type.Schema, type.IsCustom, null, null);

    public FieldShape Field(string name)
    {
        if (_name is null && name == "metadata")
        {
            return new FieldShape(null, false, name, _name);
        }
        var schema = _schema?["properties"]?[name] as JsonObject ?? _schema?["additionalProperties"] as JsonObject;
        return new FieldShape(schema, _custom, name, _name);
    }

    public FieldShape Item() => new(_schema?["items"] as JsonObject, _custom, _name, _parent);

    public (ListKind Kind, string[] Keys) List()
    {
        if (_name == "finalizers" && _parent == "metadata") { return (ListKind.Set, []); }
        if (_name == "ownerReferences" && _parent == "metadata") { return (ListKind.Map, ["uid"]); }
        if (_custom)
        {
            return (string?)_schema?["x-kubernetes-list-type"] switch
            {
                "set" => (ListKind.Set, []),
                "map" => (ListKind.Map, (_schema?["x-kubernetes-list-map-keys"] as JsonArray ?? []).Select(k => (string?)k ?? string.Empty).ToArray()),
                _ => (ListKind.Atomic, []),
            };
        }
        if (_name == "ports")
        {
            return _parent == "spec" ? (ListKind.Map, ["port", "protocol"]) : (ListKind.Map, ["containerPort", "protocol"]);
        }
        return _name is not null && BuiltinMapLists.TryGetValue(_name, out var keys) && keys.Length > 0 ? (ListKind.Map, keys) : (ListKind.Atomic, []);
    }
}
