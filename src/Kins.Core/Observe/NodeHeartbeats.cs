using k8s;
using k8s.Models;
using Kins.Core.Connection;
using Kins.Core.SuperEdge;

namespace Kins.Core.Observe;

/// <summary>One node as the Offline rule sees it: its units, what the cloud last decided about it, and when it last heard from it.</summary>
internal sealed record NodeHeartbeat(string Name, IReadOnlyList<string> Units, string? ReadyStatus, string? ReadyReason, DateTime? LastSeen);

/// <summary>
/// Every node's last heartbeat: the newer of its Lease's renewTime (kube-node-lease/&lt;node&gt;, renewed every 10 s by
/// the kubelet) and its Ready condition's lastHeartbeatTime (written at most every few minutes when a Lease is used).
/// </summary>
public sealed class NodeHeartbeats
{
    public const string LeaseNamespace = "kube-node-lease";
    private const int PageSize = 500;
    private readonly Dictionary<string, List<NodeHeartbeat>> _byUnit = new(StringComparer.Ordinal);

    private NodeHeartbeats() { }

    internal IReadOnlyList<NodeHeartbeat> MembersOf(string unit) => _byUnit.TryGetValue(unit, out var nodes) ? nodes : [];

    /// <summary>Builds the index from Nodes and Leases as the API returns them.</summary>
    internal static NodeHeartbeats From(IEnumerable<V1Node> nodes, IEnumerable<V1Lease> leases)
    {
        var renewed = leases.Where(l => l.Spec?.RenewTime is not null)
            .GroupBy(l => l.Metadata.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Max(l => l.Spec!.RenewTime!.Value.ToUniversalTime()), StringComparer.Ordinal);
        var index = new NodeHeartbeats();
        foreach (var node in nodes)
        {
            var name = node.Metadata.Name;
            var units = (node.Metadata.Labels ?? new Dictionary<string, string>())
                .Where(l => l.Value == SuperEdgeNames.MembershipLabelValue).Select(l => l.Key).ToList();
            if (units.Count == 0) { continue; }
            var ready = node.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready");
            DateTime? lastSeen = ready?.LastHeartbeatTime?.ToUniversalTime();
            if (renewed.TryGetValue(name, out var renewTime) && (lastSeen is null || renewTime > lastSeen))
            {
                lastSeen = renewTime;
            }
            var heartbeat = new NodeHeartbeat(name, units, ready?.Status, ready?.Reason, lastSeen);
            foreach (var unit in units)
            {
                if (!index._byUnit.TryGetValue(unit, out var list))
                {
                    index._byUnit[unit] = list = [];
                }
                list.Add(heartbeat);
            }
        }
        return index;
    }

    /// <summary>Reads every Node and the node Leases, page by page and side by side; without rights on Leases, nodes alone.</summary>
    internal static async Task<NodeHeartbeats> LoadAsync(KinsConnection connection, CancellationToken cancellationToken)
    {
        var nodes = ListAllAsync((next, ct) => connection.Client.CoreV1.ListNodeAsync(limit: PageSize, continueParameter: next, cancellationToken: ct),
            page => (page.Items, page.Metadata?.ContinueProperty), cancellationToken);
        var leases = ListLeasesAsync(connection, cancellationToken);
        return From(await nodes.ConfigureAwait(false), await leases.ConfigureAwait(false));
    }

    /// <summary>The heartbeats of one unit's nodes only: its nodes by membership label, and each node's Lease by name (every Lease when they are many).</summary>
    internal static async Task<NodeHeartbeats> LoadForUnitAsync(KinsConnection connection, string unit, CancellationToken cancellationToken)
    {
        var nodes = await ListAllAsync(
            (next, ct) => connection.Client.CoreV1.ListNodeAsync(labelSelector: SuperEdgeNames.MembershipSelector(unit), limit: PageSize, continueParameter: next, cancellationToken: ct),
            page => (page.Items, page.Metadata?.ContinueProperty), cancellationToken).ConfigureAwait(false);
        var leases = nodes.Count > LeaseReadsBeforeList
            ? await ListLeasesAsync(connection, cancellationToken).ConfigureAwait(false)
            : await ReadLeasesAsync(connection, nodes.Select(node => node.Metadata.Name), cancellationToken).ConfigureAwait(false);
        return From(nodes, leases);
    }

    // Past this many nodes one paged list of the (small) Lease objects costs less than a GET each.
    private const int LeaseReadsBeforeList = 100;
    private const int ConcurrentLeaseReads = 16;

    private static async Task<List<V1Lease>> ReadLeasesAsync(KinsConnection connection, IEnumerable<string> nodes, CancellationToken cancellationToken)
    {
        var leases = new System.Collections.Concurrent.ConcurrentBag<V1Lease>();
        var denied = false;
        await Parallel.ForEachAsync(nodes, new ParallelOptions { MaxDegreeOfParallelism = ConcurrentLeaseReads, CancellationToken = cancellationToken },
            async (node, ct) =>
            {
                if (Volatile.Read(ref denied)) { return; }
                try
                {
                    leases.Add(await ApiRetry.ExecuteAsync(c => connection.Client.CoordinationV1.ReadNamespacedLeaseAsync(node, LeaseNamespace, cancellationToken: c),
                        RequestKind.Idempotent, ct).ConfigureAwait(false));
                }
                catch (Exception error) when (KubernetesErrors.StatusCode(error) is 403 or 404)
                {
                    // A node without a Lease is judged by its Ready heartbeat; without rights on Leases, every node is.
                    if (KubernetesErrors.StatusCode(error) == 403) { Volatile.Write(ref denied, true); }
                }
            }).ConfigureAwait(false);
        return [.. leases];
    }

    private static async Task<List<V1Lease>> ListLeasesAsync(KinsConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            return await ListAllAsync((next, ct) => connection.Client.CoordinationV1.ListNamespacedLeaseAsync(LeaseNamespace, limit: PageSize, continueParameter: next, cancellationToken: ct),
                page => (page.Items, page.Metadata?.ContinueProperty), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (KubernetesErrors.StatusCode(error) is 403 or 404)
        {
            // No Leases to read (no rights, or a cluster without them): the Ready condition's heartbeat still tells.
            return [];
        }
    }

    private static async Task<List<TItem>> ListAllAsync<TList, TItem>(Func<string?, CancellationToken, Task<TList>> listPage,
        Func<TList, (IList<TItem> Items, string? Continue)> read, CancellationToken cancellationToken)
    {
        var items = new List<TItem>();
        string? next = null;
        do
        {
            var (page, continueToken) = read(await ApiRetry.ExecuteAsync(ct => listPage(next, ct), RequestKind.Idempotent, cancellationToken).ConfigureAwait(false));
            items.AddRange(page);
            next = continueToken;
        }
        while (!string.IsNullOrEmpty(next));
        return items;
    }
}
