using Kins.Core.Sandbox;
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

    private Controllers(SiteManagerController siteManager, WorkloadSimulator simulator, EdgeController edge, NodeLeases leases, WorkloadEvents events)
    {
        _siteManager = siteManager;
        _simulator = simulator;
        _edge = edge;
        Leases = leases;
        _events = events;
    }

    /// <summary>The kubelets' node leases: pause one to rehearse a node that stops reporting.</summary>
    public NodeLeases Leases { get; }

    /// <summary>site-manager's default unit, once the world (and so the CRD) exists: it is there before the sandbox says it is ready.</summary>
    public void EnsureDefaultUnits() => _siteManager.EnsureDefaultUnit();

    public static Controllers Start(ObjectStore store, ResourceRegistry registry, SandboxOptions options, EdgeClusters edges)
    {
        var client = new StoreClient(store, registry);
        var siteManager = new SiteManagerController(client, edges, new SiteManagerOptions { SyncPeriod = options.SyncPeriod });
        return new Controllers(siteManager, new WorkloadSimulator(client, ReadyDelays.From(options)), new EdgeController(client, edges),
            new NodeLeases(store, TimeProvider.System, TimeSpan.FromSeconds(10)), new WorkloadEvents(store));
    }

    public async ValueTask DisposeAsync()
    {
        await _siteManager.DisposeAsync();
        await _simulator.DisposeAsync();
        await _edge.DisposeAsync();
        await Leases.DisposeAsync();
        await _events.DisposeAsync();
    }
}
