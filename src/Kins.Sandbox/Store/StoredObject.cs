using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kins.Sandbox.Store;

/// <summary>
/// An immutable stored version of an object. Only its serialized bytes and the metadata that selectors need are
/// kept: lists and watches of thousands of objects copy bytes, and the event history stays small.
/// </summary>
internal sealed class StoredObject
{
    public StoredObject(JsonObject node, long resourceVersion)
    {
        ResourceVersion = resourceVersion;
        var metadata = node["metadata"] as JsonObject ?? throw new ArgumentException("object without metadata", nameof(node));
        Name = (string?)metadata["name"] ?? string.Empty;
        Namespace = (string?)metadata["namespace"];
        Uid = (string?)metadata["uid"] ?? string.Empty;
        Labels = ReadMap(metadata["labels"]);
        IsDeleting = metadata["deletionTimestamp"] is not null;
        Json = JsonSerializer.SerializeToUtf8Bytes(node);
    }

    public byte[] Json { get; }
    public long ResourceVersion { get; }
    public string Name { get; }
    public string? Namespace { get; }
    public string Uid { get; }
    public bool IsDeleting { get; }
    public IReadOnlyDictionary<string, string> Labels { get; }
    public string Key => ObjectKey.For(Namespace, Name);

    /// <summary>A fresh, private JSON tree of this version, free to modify.</summary>
    public JsonObject Parse() => JsonNode.Parse(Json)!.AsObject();

    private static Dictionary<string, string> ReadMap(JsonNode? node)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is JsonObject obj)
        {
            foreach (var (key, value) in obj)
            {
                map[key] = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? string.Empty;
            }
        }
        return map;
    }
}
