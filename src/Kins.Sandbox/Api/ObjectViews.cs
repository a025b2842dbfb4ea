using System.Text.Json;
using System.Text.Json.Nodes;
using Kins.Sandbox.Store;

namespace Kins.Sandbox.Api;

/// <summary>A stored object as a given served version sees it (conversion strategy None: only apiVersion changes).</summary>
internal static class ObjectViews
{
    public static byte[] Bytes(ResourceType type, StoredObject obj)
    {
        if (type.IsStorageVersion)
        {
            return obj.Json;
        }
        return JsonSerializer.SerializeToUtf8Bytes(Node(type, obj));
    }

    public static JsonObject Node(ResourceType type, StoredObject obj)
    {
        var node = obj.Parse();
        node["apiVersion"] = type.ApiVersion;
        return node;
    }
}
