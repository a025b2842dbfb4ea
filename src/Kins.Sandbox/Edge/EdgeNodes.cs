using System.Text.Json.Nodes;
using Kins.Sandbox.Store;

namespace Kins.Sandbox.Edge;

/// <summary>Mirrors the unit's nodes from the cloud into its edge cluster: the same labels, taints and conditions, only the unit's.</summary>
internal static class EdgeNodes
{
    private static readonly string[] ServerOwnedMetadata = ["uid", "resourceVersion", "creationTimestamp", "generation", "managedFields"];

    public static void Sync(EdgeCluster cluster, IReadOnlyList<StoredObject> members)
    {
        var client = cluster.Client;
        var wanted = members.ToDictionary(n => n.Name, Mirror, StringComparer.Ordinal);
        foreach (var stale in client.List(BuiltinResources.Nodes).Where(n => !wanted.ContainsKey(n.Name)))
        {
            client.DeleteIfExists(BuiltinResources.Nodes, null, stale.Name);
        }
        foreach (var (name, node) in wanted)
        {
            if (client.Get(BuiltinResources.Nodes, null, name) is null)
            {
                client.TryCreate(BuiltinResources.Nodes, node);
                continue;
            }
            // The kubelets report to the K3s API too: the edge copy follows the cloud's, spec and status alike.
            client.Mutate(BuiltinResources.Nodes, null, name, edge => CopyInto(edge, node));
            client.Mutate(BuiltinResources.Nodes, null, name, edge => CopyInto(edge, node, status: true), subresource: "status");
        }
    }

    private static JsonObject Mirror(StoredObject cloud)
    {
        var node = cloud.Parse();
        if (node["metadata"] is JsonObject metadata)
        {
            foreach (var key in ServerOwnedMetadata) { metadata.Remove(key); }
        }
        return node;
    }

    private static bool CopyInto(JsonObject edge, JsonObject cloud, bool status = false)
    {
        var before = edge.DeepClone();
        if (status)
        {
            edge["status"] = cloud["status"]?.DeepClone();
        }
        else
        {
            edge["spec"] = cloud["spec"]?.DeepClone();
            var meta = (JsonObject)edge["metadata"]!;
            meta["labels"] = cloud["metadata"]?["labels"]?.DeepClone();
            meta["annotations"] = cloud["metadata"]?["annotations"]?.DeepClone();
        }
        return !JsonNode.DeepEquals(before, edge);
    }
}
