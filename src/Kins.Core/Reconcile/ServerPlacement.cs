using k8s.Models;
using Kins.Core.Model;
using Kins.Core.SuperEdge;

namespace Kins.Core.Reconcile;

/// <summary>
/// Where site-manager will put a unit's K3s servers, and what would keep them there Pending. Servers are the members
/// already labelled <c>site.superedge.io/kins-role=server</c>, then the first Ready names of <c>status.readyNodes</c>
/// (SITE-MANAGER.md, install step 2; kins.go:166-253): site-manager does not look at cordons or taints when it picks
/// them. The server pods tolerate only the <c>kins</c> taint (manifest/kins_server.go:46-49), so a chosen node that is
/// cordoned or carries any other NoSchedule or NoExecute taint keeps the server Pending and the unit Promoting.
/// </summary>
internal static class ServerPlacement
{
    /// <summary>The nodes site-manager will make servers, from the unit's member nodes and its ready nodes in name order.</summary>
    public static IReadOnlyList<string> Predict(IEnumerable<V1Node> members, IEnumerable<string> readyNodes, int required) =>
        Predict([.. members.Where(IsLabelledServer).Select(n => n.Metadata.Name)], readyNodes, required);

    /// <summary>The same, from the names of the members already labelled server.</summary>
    public static IReadOnlyList<string> Predict(IReadOnlyList<string> labelledServers, IEnumerable<string> readyNodes, int required)
    {
        var labelled = labelledServers.Order(StringComparer.Ordinal).ToList();
        var missing = Math.Max(0, required - labelled.Count);
        var added = readyNodes.Where(n => !labelled.Contains(n, StringComparer.Ordinal)).Order(StringComparer.Ordinal).Take(missing);
        return [.. labelled.Concat(added)];
    }

    /// <summary>Those of <paramref name="servers"/> that cannot take the server pod, with why; empty when all can.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Blocked(IEnumerable<V1Node> servers)
    {
        var blocked = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var node in servers)
        {
            if (Obstacles(node) is { Count: > 0 } obstacles)
            {
                blocked[node.Metadata.Name] = obstacles;
            }
        }
        return blocked;
    }

    /// <summary>Why the K3s server pod cannot be scheduled on <paramref name="node"/>; empty when it can.</summary>
    public static IReadOnlyList<string> Obstacles(V1Node node)
    {
        var obstacles = new List<string>();
        if (node.Spec?.Unschedulable == true)
        {
            obstacles.Add("it is cordoned");
        }
        foreach (var taint in node.Spec?.Taints ?? [])
        {
            if (taint.Effect is "NoSchedule" or "NoExecute" && taint.Key != SuperEdgeNames.KinsTaintKey
                && !(node.Spec?.Unschedulable == true && taint.Key == SuperEdgeNames.UnschedulableTaintKey))
            {
                obstacles.Add($"it carries the taint {TaintText.Of(taint)}");
            }
        }
        return obstacles;
    }

    private static bool IsLabelledServer(V1Node node) =>
        node.Metadata.Labels?.TryGetValue(SuperEdgeNames.KinsRoleLabel, out var role) == true && role == SuperEdgeNames.KinsRoleServer;
}
