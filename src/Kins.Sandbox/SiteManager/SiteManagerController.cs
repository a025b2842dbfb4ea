using Kins.Core.SuperEdge;
using Kins.Sandbox.Controllers;
using Kins.Sandbox.Store;

namespace Kins.Sandbox.SiteManager;

/// <summary>
/// site-manager in process: follows the store's change feed (no polling) and queues the NodeUnits a change
/// concerns: the unit itself, and for a node the units that list it, select it, or label it as a member.
/// </summary>
internal sealed class SiteManagerController : IAsyncDisposable
{
    private readonly StoreClient _client;
    private readonly StoreSubscription _feed;
    private readonly WorkQueue _queue;
    private readonly DeletionWarnings _warnings = new();
    private readonly UnitIndex _index = new();
    private readonly Task _pump;
    private readonly IEdgeEndpoints? _edges;

    /// <param name="edges">Where units' K3s APIs answer; null writes v0.9's in-cluster address.</param>
    public SiteManagerController(StoreClient client, IEdgeEndpoints? edges, int workers = 4)
    {
        _edges = edges;
        _client = client;
        _feed = client.Store.SubscribeAll();
        _queue = new WorkQueue(workers, ProcessAsync, (key, e) => Console.Error.WriteLine($"site-manager: reconciling NodeUnit {key} failed: {e}"));
        _pump = Task.Run(PumpAsync);
    }

    private async Task PumpAsync()
    {
        await foreach (var e in _feed.Reader.ReadAllAsync())
        {
            if (e.StorageKey == SuperEdgeNames.Group + "/" + SuperEdgeNames.Plural)
            {
                _index.Update(e);
                _queue.Add(e.Object.Name);
            }
            else if (e.StorageKey == BuiltinResources.Nodes.StorageKey)
            {
                foreach (var unit in _index.UnitsOf(e.Object, e.Previous)) { _queue.Add(unit); }
            }
            else if (e.StorageKey == BuiltinResources.StatefulSets.StorageKey)
            {
                // The credential reference waits for the control plane: a server StatefulSet's readiness is news to its unit.
                foreach (var unit in MembershipOf(e.Object)) { _queue.Add(unit); }
            }
        }
    }

    private static IEnumerable<string> MembershipOf(StoredObject obj) =>
        obj.Labels.Where(l => l.Value == SuperEdgeNames.MembershipLabelValue).Select(l => l.Key);

    private Task ProcessAsync(string unit, CancellationToken cancel)
    {
        var type = _client.Registry.FindStorage(SuperEdgeNames.Group, SuperEdgeNames.Plural);
        if (type is not null)
        {
            new UnitReconciler(_client, type, _warnings, _edges).Reconcile(unit);
        }
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _feed.Dispose();
        await _pump;
        await _queue.DisposeAsync();
    }
}
