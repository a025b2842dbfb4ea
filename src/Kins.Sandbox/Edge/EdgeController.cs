using Kins.Core.SuperEdge;
using Kins.Sandbox.Control;
using Kins.Sandbox.Controllers;
using Kins.Sandbox.SiteManager;
using Kins.Sandbox.Store;

namespace Kins.Sandbox.Edge;

/// <summary>
/// Runs the units' edge clusters as the cloud store says: a unit at L4/L5 has one, serving while its K3s servers
/// are Ready and its Secret holds a token, with its nodes mirrored; at L3, deleted or gone, it is closed (its data
/// with it, as demotion destroys the K3s cluster). Follows the store's change feed like site-manager.
/// </summary>
internal sealed class EdgeController : IAsyncDisposable
{
    private readonly StoreClient _client;
    private readonly EdgeClusters _clusters;
    private readonly StoreSubscription _feed;
    private readonly WorkQueue _queue;
    private readonly Task _pump;
    private readonly SiteLinks _sites;
    // Units whose K3s server pod ended since their last reconcile: its preStop wiped the K3s data (flaw 9).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _serverStopped = new(StringComparer.Ordinal);

    public EdgeController(StoreClient client, EdgeClusters clusters, SiteLinks sites)
    {
        _client = client;
        _clusters = clusters;
        _sites = sites;
        _feed = client.Store.SubscribeAll();
        _queue = new WorkQueue(2, ProcessAsync, (key, e) => Console.Error.WriteLine($"edge: reconciling the edge cluster of NodeUnit {key} failed: {e}"));
        _pump = Task.Run(PumpAsync);
        // Back online, the cloud's view of the site (its nodes) applies to the edge cluster again.
        _sites.Changed += unit => _queue.Add(unit);
    }

    private async Task PumpAsync()
    {
        await foreach (var e in _feed.Reader.ReadAllAsync())
        {
            if (e.StorageKey == SuperEdgeNames.Group + "/" + SuperEdgeNames.Plural)
            {
                _queue.Add(e.Object.Name);
            }
            else if (e.StorageKey == BuiltinResources.Pods.StorageKey && e.Type == StoreEvent.Deleted && StoppedServer(e.Object) is { } stopped)
            {
                _serverStopped[stopped] = true;
                _queue.Add(stopped);
            }
            else if (e.StorageKey == BuiltinResources.Nodes.StorageKey || e.Object.Namespace == SuperEdgeNames.KinsNamespace)
            {
                // Nodes, StatefulSets and Secrets of a unit carry its membership label <unit>=nodeunits.superedge.io.
                foreach (var unit in Members(e.Object).Concat(e.Previous is null ? [] : Members(e.Previous)).Distinct(StringComparer.Ordinal))
                {
                    _queue.Add(unit);
                }
            }
        }
    }

    /// <summary>The unit of a K3s server pod that ran on a node (one never scheduled never ran its preStop).</summary>
    private static string? StoppedServer(StoredObject pod) =>
        pod.Labels.GetValueOrDefault(SuperEdgeNames.KinsRoleLabel) == SuperEdgeNames.KinsRoleServer
        && pod.Labels.GetValueOrDefault(SuperEdgeNames.UnitPodLabel) is { Length: > 0 } unit
        && pod.Parse()["spec"]?["nodeName"] is not null
            ? unit
            : null;

    private static IEnumerable<string> Members(StoredObject obj) =>
        obj.Labels.Where(l => l.Value == SuperEdgeNames.MembershipLabelValue).Select(l => l.Key);

    private Task ProcessAsync(string unit, CancellationToken cancel)
    {
        var type = _client.Registry.FindStorage(SuperEdgeNames.Group, SuperEdgeNames.Plural);
        var stored = type is null ? null : _client.Get(type, null, unit);
        var node = stored?.Parse();
        // Exactly as site-manager compares it: any other spelling installs nothing.
        var level = (string?)node?["spec"]?["autonomyLevel"];
        var serverStopped = _serverStopped.TryRemove(unit, out _);
        if (node is null || level is not ("L4" or "L5"))
        {
            _clusters.Close(unit);
            return Task.CompletedTask;
        }
        if (serverStopped)
        {
            _clusters.Find(unit)?.Wipe();
        }
        if (_sites.IsCut(unit))
        {
            // Cut off, the site goes on as it was: its K3s keeps serving and its kubelets keep reporting to it,
            // whatever the cloud now says about its nodes and pods.
            return Task.CompletedTask;
        }
        var cluster = _clusters.Reserve(unit);
        EdgeNodes.Sync(cluster, UnitNodes.Members(_client, new Unit(node)).Values.OrderBy(n => n.Name, StringComparer.Ordinal).ToList());
        var secret = _client.Get(BuiltinResources.Secrets, SuperEdgeNames.KinsNamespace, SuperEdgeNames.KinsSecret(unit));
        var token = secret is null ? null : UnitSecret.From(secret.Parse())?.KubeconfigToken;
        if (token is not null && ControlPlane.IsReady(_client, unit, level))
        {
            cluster.Serve(token, K3sVersion.ServerImage(_client, unit));
        }
        else
        {
            cluster.Pause();
        }
        return Task.CompletedTask;
    }

    /// <summary>Every change so far is read and every queued key processed.</summary>
    public bool IsIdle => _feed.IsDrained && _queue.IsIdle;

    public async ValueTask DisposeAsync()
    {
        _feed.Dispose();
        await _pump;
        await _queue.DisposeAsync();
    }
}
