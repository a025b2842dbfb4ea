using System.Text;
using System.Text.Json.Nodes;
using Kins.Sandbox.Store;

namespace Kins.Sandbox.Api.Protobuf;

/// <summary>
/// Decodes the protobuf bodies kubectl's typed commands send (<c>kubectl create configmap|secret|namespace</c>,
/// <c>kubectl auth can-i</c>; client-go offers no fallback to JSON): the <c>k8s\0</c> envelope, then ConfigMap,
/// Secret or Namespace with the ObjectMeta fields a create carries, or a SelfSubjectAccessReview or
/// SelfSubjectRulesReview spec. Other kinds are 415.
/// </summary>
internal static class KubeProtobuf
{
    public const string MediaType = "application/vnd.kubernetes.protobuf";
    private static readonly byte[] Magic = "k8s\0"u8.ToArray();

    public static JsonObject Decode(ReadOnlyMemory<byte> body)
    {
        if (body.Length < Magic.Length || !body.Span[..Magic.Length].SequenceEqual(Magic))
        {
            throw ApiException.BadRequest("the object provided is unrecognized: protobuf body without the k8s envelope");
        }
        var unknown = new ProtoReader(body[Magic.Length..]);
        string? apiVersion = null, kind = null;
        ReadOnlyMemory<byte> raw = default;
        while (unknown.More)
        {
            var (field, wire) = unknown.ReadTag();
            if (field == 1 && wire == 2)
            {
                var typeMeta = new ProtoReader(unknown.ReadBytes());
                while (typeMeta.More)
                {
                    var (f, w) = typeMeta.ReadTag();
                    if (f == 1 && w == 2) { apiVersion = typeMeta.ReadString(); }
                    else if (f == 2 && w == 2) { kind = typeMeta.ReadString(); }
                    else { typeMeta.Skip(w); }
                }
            }
            else if (field == 2 && wire == 2) { raw = unknown.ReadBytes(); }
            else { unknown.Skip(wire); }
        }
        var obj = (apiVersion, kind) switch
        {
            ("v1", "ConfigMap") => ConfigMap(raw),
            ("v1", "Secret") => Secret(raw),
            ("v1", "Namespace") => Namespace(raw),
            ("authorization.k8s.io/v1", "SelfSubjectAccessReview") => AccessReview(raw),
            ("authorization.k8s.io/v1", "SelfSubjectRulesReview") => RulesReview(raw),
            _ => throw ApiException.UnsupportedMediaType(
                $"{MediaType} for {apiVersion}/{kind}; the Kins sandbox reads protobuf for v1 ConfigMap, Secret and Namespace and the self-subject reviews only", ["application/json"]),
        };
        obj["apiVersion"] = apiVersion;
        obj["kind"] = kind;
        return obj;
    }

    private static JsonObject ConfigMap(ReadOnlyMemory<byte> raw)
    {
        var obj = new JsonObject();
        var reader = new ProtoReader(raw);
        while (reader.More)
        {
            var (field, wire) = reader.ReadTag();
            switch (field, wire)
            {
                case (1, 2): obj["metadata"] = ObjectMeta(reader.ReadBytes()); break;
                case (2, 2): AddEntry(obj, "data", reader.ReadMapEntry(), base64: false); break;
                case (3, 2): AddEntry(obj, "binaryData", reader.ReadMapEntry(), base64: true); break;
                case (4, 0): obj["immutable"] = reader.ReadVarint() != 0; break;
                default: reader.Skip(wire); break;
            }
        }
        return obj;
    }

    private static JsonObject Secret(ReadOnlyMemory<byte> raw)
    {
        var obj = new JsonObject();
        var reader = new ProtoReader(raw);
        while (reader.More)
        {
            var (field, wire) = reader.ReadTag();
            switch (field, wire)
            {
                case (1, 2): obj["metadata"] = ObjectMeta(reader.ReadBytes()); break;
                case (2, 2): AddEntry(obj, "data", reader.ReadMapEntry(), base64: true); break;
                case (3, 2):
                    // Always on the wire, empty when unset; JSON clients omit it, so the default (Opaque) applies.
                    if (reader.ReadString() is { Length: > 0 } type) { obj["type"] = type; }
                    break;
                case (4, 2): AddEntry(obj, "stringData", reader.ReadMapEntry(), base64: false); break;
                case (5, 0): obj["immutable"] = reader.ReadVarint() != 0; break;
                default: reader.Skip(wire); break;
            }
        }
        return obj;
    }

    private static JsonObject Namespace(ReadOnlyMemory<byte> raw)
    {
        var obj = new JsonObject();
        var reader = new ProtoReader(raw);
        while (reader.More)
        {
            var (field, wire) = reader.ReadTag();
            if (field == 1 && wire == 2) { obj["metadata"] = ObjectMeta(reader.ReadBytes()); }
            else { reader.Skip(wire); }
        }
        return obj;
    }

    // authorization/v1 generated.proto: SelfSubjectAccessReview{metadata=1, spec=2}, its spec {resourceAttributes=1,
    // nonResourceAttributes=2}; ResourceAttributes{namespace=1, verb=2, group=3, version=4, resource=5, subresource=6,
    // name=7}; NonResourceAttributes{path=1, verb=2}; SelfSubjectRulesReview{spec=2 {namespace=1}}.
    private static readonly string[] ResourceAttributeNames = ["", "namespace", "verb", "group", "version", "resource", "subresource", "name"];
    private static readonly string[] NonResourceAttributeNames = ["", "path", "verb"];

    private static JsonObject AccessReview(ReadOnlyMemory<byte> raw)
    {
        var spec = new JsonObject();
        foreach (var (field, bytes) in Messages(raw).Where(m => m.Field == 2))
        {
            foreach (var (attributeField, attributes) in Messages(bytes))
            {
                if (attributeField == 1) { spec["resourceAttributes"] = Strings(attributes, ResourceAttributeNames); }
                else if (attributeField == 2) { spec["nonResourceAttributes"] = Strings(attributes, NonResourceAttributeNames); }
            }
        }
        return new JsonObject { ["metadata"] = new JsonObject(), ["spec"] = spec };
    }

    private static JsonObject RulesReview(ReadOnlyMemory<byte> raw)
    {
        var spec = new JsonObject();
        foreach (var (_, bytes) in Messages(raw).Where(m => m.Field == 2))
        {
            foreach (var (field, value) in Strings(bytes, ["", "namespace"])) { spec[field] = value?.DeepClone(); }
        }
        return new JsonObject { ["metadata"] = new JsonObject(), ["spec"] = spec };
    }

    private static List<(int Field, ReadOnlyMemory<byte> Bytes)> Messages(ReadOnlyMemory<byte> raw)
    {
        var result = new List<(int, ReadOnlyMemory<byte>)>();
        var reader = new ProtoReader(raw);
        while (reader.More)
        {
            var (field, wire) = reader.ReadTag();
            if (wire == 2) { result.Add((field, reader.ReadBytes())); } else { reader.Skip(wire); }
        }
        return result;
    }

    private static JsonObject Strings(ReadOnlyMemory<byte> raw, string[] names)
    {
        var obj = new JsonObject();
        foreach (var (field, bytes) in Messages(raw))
        {
            if (field < names.Length && names[field].Length > 0 && bytes.Length > 0) { obj[names[field]] = Encoding.UTF8.GetString(bytes.Span); }
        }
        return obj;
    }

    /// <summary>The ObjectMeta fields a client sets on create: name, generateName, namespace, labels, annotations, finalizers.</summary>
    private static JsonObject ObjectMeta(ReadOnlyMemory<byte> raw)
    {
        var meta = new JsonObject();
        var reader = new ProtoReader(raw);
        while (reader.More)
        {
            var (field, wire) = reader.ReadTag();
            switch (field, wire)
            {
                case (1, 2): meta["name"] = reader.ReadString(); break;
                case (2, 2): meta["generateName"] = reader.ReadString(); break;
                case (3, 2): meta["namespace"] = reader.ReadString(); break;
                case (6, 2): meta["resourceVersion"] = reader.ReadString(); break;
                case (11, 2): AddEntry(meta, "labels", reader.ReadMapEntry(), base64: false); break;
                case (12, 2): AddEntry(meta, "annotations", reader.ReadMapEntry(), base64: false); break;
                case (14, 2):
                    if (meta["finalizers"] is not JsonArray finalizers) { meta["finalizers"] = finalizers = []; }
                    finalizers.Add(reader.ReadString());
                    break;
                default: reader.Skip(wire); break;
            }
        }
        // Protobuf cannot tell an empty string from an absent one; JSON clients omit them too.
        foreach (var key in meta.Where(p => p.Value is JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 0).Select(p => p.Key).ToList())
        {
            meta.Remove(key);
        }
        return meta;
    }

    private static void AddEntry(JsonObject target, string property, (string Key, ReadOnlyMemory<byte> Value) entry, bool base64)
    {
        if (target[property] is not JsonObject map) { target[property] = map = []; }
        map[entry.Key] = base64 ? Convert.ToBase64String(entry.Value.Span) : Encoding.UTF8.GetString(entry.Value.Span);
    }
}
