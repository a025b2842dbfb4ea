using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kins.Sandbox.Store;

/// <summary>
/// An update's body, serialized once and only if asked: whether it is byte for byte the stored version. Such an update
/// changes nothing on a real API server (not even managedFields: no field changed, so no manager gains one).
/// </summary>
internal sealed class SentBytes(JsonObject sent)
{
    private byte[]? _bytes;

    public bool IsSameAs(StoredObject stored)
    {
        _bytes ??= JsonSerializer.SerializeToUtf8Bytes(sent);
        return _bytes.AsSpan().SequenceEqual(stored.Json);
    }
}
