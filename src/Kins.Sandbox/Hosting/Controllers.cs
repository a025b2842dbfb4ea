using Kins.Core.Sandbox;
using Kins.Sandbox.Control;
using Kins.Sandbox.Controllers;
using Kins.Sandbox.Edge;
using Kins.Sandbox.Simulation;
using Kins.Sandbox.SiteManager;
using Kins.Sandbox.Store;

namespace Kins.Sandbox.Hosting;

/// <summary>The in-process controllers that react to store changes: site-manager, the workload simulator, the edge clusters.</summary>
internal sealed class Controllers : IAsyncDisposable
{
    private readonly SiteManagerController _siteManager;
    private readonly WorkloadSimulator _simulator;
    private readonly EdgeController _edge;
    private readonly WorkloadEvents _events;
    private readonly NodeMonitor _nodeMonitor;

    private Controllers(SiteManagerController siteManager, WorkloadSimulator simulator, EdgeController edge, NodeLeases leases, WorkloadEvents events, NodeMonitor nodeMonitor)
    {
        _siteManager = siteManager;
        _simulator = simulator;
        _edge = edge;
        Leases = leases;
        _events = events;
        _nodeMonitor = nodeMonitor;
    }

    /// <summary>The kubelets' node leases: pause one to rehearse a node that stops reporting.</summary>
    public NodeLeases Leases { get; }

    /// <summary>site-manager's default unit, once the world (and so the CRD) exists: it is there before the sandbox says it is ready.</summary>
    public void EnsureDefaultUnits() => _siteManager.EnsureDefaultUnit();

    public static Controllers Start(ObjectStore store, ResourceRegistry registry, SandboxOptions options, EdgeClusters edges, SiteLinks sites)
    {
        var client = new StoreClient(store, registry);
        var siteManager = new SiteManagerController(client, edges, new SiteManagerOptions { SyncPeriod = options.SyncPeriod });
        var leases = new NodeLeases(store, TimeProvider.System, LeaseRenewInterval(options.NodeMonitorGracePeriod));
        // A kubelet cut off from the cloud cannot confirm that a pod of its node ended: deleted, the pod stays Terminating.
        store.TerminationHeld = (type, obj) => type.StorageKey == BuiltinResources.Pods.StorageKey
            && (string?)obj["spec"]?["nodeName"] is { } node && leases.IsPaused(node);
        return new Controllers(siteManager, new WorkloadSimulator(client, ReadyDelays.From(options)), new EdgeController(client, edges, sites),
            leases, new WorkloadEvents(store), NodeMonitor.Start(client, leases, sites, options.NodeMonitorGracePeriod));
    }

    // The kubelet renews every 10 s, a quarter of the 40 s grace period; a shorter grace period (tests, demos) renews
    // as often relative to it, or healthy nodes would turn Unknown between two renewals.
    private static TimeSpan LeaseRenewInterval(TimeSpan gracePeriod) =>
        TimeSpan.FromTicks(Math.Clamp(gracePeriod.Ticks / 4, TimeSpan.FromMilliseconds(250).Ticks, TimeSpan.FromSeconds(10).Ticks));

    /// <summary>
    /// Waits until the controllers have nothing left to do (site-manager's first passes label every node, for one)
    /// and stay so for a few checks in a row, or <paramref name="limit"/> has passed: the sandbox then answers as a
    /// cluster that has been running for a while, not one still busy with its own start.
    /// </summary>
    public async Task WaitSettledAsync(TimeSpan limit, CancellationToken cancel)
    {
        const int quietChecks = 3;
        var deadline = DateTime.UtcNow + limit;
        for (var quiet = 0; quiet < quietChecks && DateTime.UtcNow < deadline;)
        {
            quiet = _siteManager.IsIdle && _simulator.IsIdle && _edge.IsIdle ? quiet + 1 : 0;
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancel);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _siteManager.DisposeAsync();
        await _simulator.DisposeAsync();
        await _edge.DisposeAsync();
        await _nodeMonitor.DisposeAsync();
        await Leases.DisposeAsync();
        await _events.DisposeAsync();
    }
}
