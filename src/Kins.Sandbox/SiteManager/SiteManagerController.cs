using System.Text.Json.Nodes;
using Kins.Core.SuperEdge;
using Kins.Sandbox.Controllers;
using Kins.Sandbox.Store;

namespace Kins.Sandbox.SiteManager;

/// <summary>
/// site-manager v0.9.0's NodeUnit controller in process (SITE-MANAGER.md, "When and how site-manager reconciles"),
/// following the store's change feed as its informers would: NodeUnit add, update and delete queue the unit, and
/// each update also hands the setNode entries it removed to the <see cref="UnitDeleter"/>; a resync every
/// <see cref="SiteManagerOptions.SyncPeriod"/> re-delivers every NodeUnit as an update; Node events queue only the units
/// named by the node's membership labels, and none of them when one of those units is gone (flaw 18). Pods,
/// StatefulSets and Services are not watched. Failed passes are retried with backoff (5 ms doubling, 15 tries).
/// </summary>
internal sealed class SiteManagerController : IAsyncDisposable
{
    private readonly StoreClient _client;
    private readonly SiteManagerOptions _options;
    private readonly StoreSubscription _feed;
    private readonly WorkQueue _queue;
    private readonly UnitDeleter _deleter;
    private readonly DeletionGuardEvents _events;
    private readonly IEdgeEndpoints? _edges;
    private readonly CancellationTokenSource _stop = new();
    private readonly ITimer _resync;
    private readonly Task _pump;
    private readonly Task _defaultUnit;

    /// <param name="edges">Where units' K3s APIs answer; null writes v0.9's in-cluster address.</param>
    public SiteManagerController(StoreClient client, IEdgeEndpoints? edges, SiteManagerOptions? options = null)
    {
        _options = options ?? new SiteManagerOptions();
        _edges = edges;
        _client = client;
        var retry = new WorkQueueOptions { Time = _options.Time };
        _events = new DeletionGuardEvents(client, _options.Time);
        _deleter = new UnitDeleter(client, retry);
        _feed = client.Store.SubscribeAll();
        _queue = new WorkQueue(_options.Workers, ProcessAsync,
            (key, e) => Console.Error.WriteLine($"site-manager: dropping NodeUnit {key} out of the queue: {e.Message}"), retry);
        _pump = Task.Run(PumpAsync);
        // As server.go:104-113, before the controllers run: the unit exists by the time the sandbox says it is ready.
        _defaultUnit = DefaultUnits.TryEnsureAllNodesUnit(client) ? Task.CompletedTask : Task.Run(EnsureDefaultUnitAsync);
        _resync = _options.Time.CreateTimer(_ => Resync(), null, _options.SyncPeriod, _options.SyncPeriod);
    }

    private ResourceType? Units => _client.Registry.FindStorage(SuperEdgeNames.Group, SuperEdgeNames.Plural);

    private async Task PumpAsync()
    {
        await foreach (var e in _feed.Reader.ReadAllAsync())
        {
            if (e.StorageKey == SuperEdgeNames.Group + "/" + SuperEdgeNames.Plural)
            {
                if (e.Type == StoreEvent.Modified && e.Previous is not null)
                {
                    OnUnitUpdated(new Unit(e.Previous.Parse()), new Unit(e.Object.Parse()));
                }
                _queue.Add(e.Object.Name);
            }
            else if (e.StorageKey == BuiltinResources.Nodes.StorageKey)
            {
                OnNodeEvent(e);
            }
            else if (e.StorageKey == BuiltinResources.CustomResourceDefinitions.StorageKey && e.Object.Name == SuperEdgeNames.CrdName
                && e.Type == StoreEvent.Added)
            {
                // site-manager with --ensure-crd creates the CRD and then the default unit at once.
                DefaultUnits.TryEnsureAllNodesUnit(_client);
            }
        }
    }

    /// <summary>
    /// updateNodeUnit (node_unit.go:225-254): the setNode labels, annotations and taints the update removed go to the
    /// deleter as a copy of the old unit holding only those entries.
    /// </summary>
    private void OnUnitUpdated(Unit old, Unit current)
    {
        var cleared = old.Clone();
        var setNode = new JsonObject
        {
            ["labels"] = Removed(old.SetNodeLabels, current.SetNodeLabels),
            ["annotations"] = Removed(old.SetNodeAnnotations, current.SetNodeAnnotations),
            ["taints"] = new JsonArray((old.SetNodeTaints ?? []).OfType<JsonObject>()
                .Where(t => current.SetNodeTaints is not { } now || !UnitNodes.Contains(now, t))
                .Select(t => (JsonNode?)t.DeepClone()).ToArray()),
        };
        cleared.Spec["setNode"] = setNode;
        _deleter.Delete(cleared);
    }

    private static JsonObject Removed(JsonObject? old, JsonObject? current)
    {
        var removed = new JsonObject();
        foreach (var (key, value) in old ?? [])
        {
            if (current is null || !current.ContainsKey(key)) { removed[key] = value?.DeepClone(); }
        }
        return removed;
    }

    /// <summary>addNode, updateNode, deleteNode (node_unit.go:275-362): the units of the node's membership labels.</summary>
    private void OnNodeEvent(StoreEvent e)
    {
        var units = new List<string>();
        if (e.Type == StoreEvent.Modified && e.Previous is { } previous && !SameMemberships(previous, e.Object))
        {
            units.AddRange(UnitsOf(previous));
        }
        units.AddRange(UnitsOf(e.Object));
        foreach (var unit in units) { _queue.Add(unit); }
    }

    /// <summary>GetUnitsByNode (node.go:106-121): every unit of a membership label, or none if one of them is missing.</summary>
    private List<string> UnitsOf(StoredObject node)
    {
        var names = Memberships(node).ToList();
        var units = Units;
        if (units is null || names.Any(n => _client.Get(units, null, n) is null))
        {
            return [];
        }
        return names;
    }

    private static IEnumerable<string> Memberships(StoredObject node) =>
        node.Labels.Where(l => l.Value == SuperEdgeNames.MembershipLabelValue).Select(l => l.Key);

    private static bool SameMemberships(StoredObject a, StoredObject b) =>
        Memberships(a).Order(StringComparer.Ordinal).SequenceEqual(Memberships(b).Order(StringComparer.Ordinal), StringComparer.Ordinal);

    /// <summary>The informer resync: every NodeUnit again, as an update from itself to itself.</summary>
    private void Resync()
    {
        if (Units is not { } units)
        {
            return;
        }
        foreach (var stored in _client.List(units))
        {
            var unit = new Unit(stored.Parse());
            OnUnitUpdated(unit, unit);
            _queue.Add(stored.Name);
        }
    }

    /// <summary>Creates unit-node-all now if the CRD is served (server.go:104-113 does so before the controllers run).</summary>
    public void EnsureDefaultUnit() => DefaultUnits.TryEnsureAllNodesUnit(_client);

    private async Task EnsureDefaultUnitAsync()
    {
        try
        {
            while (!DefaultUnits.TryEnsureAllNodesUnit(_client))
            {
                await Task.Delay(DefaultUnits.RetryInterval, _options.Time, _stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private Task ProcessAsync(string unit, CancellationToken cancel)
    {
        if (Units is { } units)
        {
            new UnitSync(_client, units, _events, _deleter, _edges, _options.Time).Sync(unit);
        }
        return Task.CompletedTask;
    }

    /// <summary>Every change so far is read and every queued key processed.</summary>
    public bool IsIdle => _feed.IsDrained && _queue.IsIdle;

    public async ValueTask DisposeAsync()
    {
        await _resync.DisposeAsync();
        await _stop.CancelAsync();
        _feed.Dispose();
        await _pump;
        await _defaultUnit;
        await _queue.DisposeAsync();
        await _deleter.DisposeAsync();
        _stop.Dispose();
    }
}
