using System.Text;
using System.Text.Json.Nodes;
using Kins.Sandbox.Store;

namespace Kins.Sandbox.Api.Protobuf;

/// <summary>
/// Decodes the protobuf bodies kubectl's typed commands send (<c>kubectl create configmap|secret|namespace</c>;
/// client-go offers no fallback to JSON): the <c>k8s\0</c> envelope, then ConfigMap, Secret or Namespace with the
/// ObjectMeta fields a create carries. Other kinds are 415, as before.
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
            _ => throw ApiException.UnsupportedMediaType($"{MediaType} for {apiVersion}/{kind}; the Kins sandbox reads protobuf for v1 ConfigMap, Secret and Namespace only", ["application/json"]),
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
