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
    private readonly NodeMonitor _nodeMonitor;

    private Controllers(SiteManagerController siteManager, WorkloadSimulator simulator, EdgeController edge, NodeMonitor nodeMonitor)
    {
        _siteManager = siteManager;
        _simulator = simulator;
        _edge = edge;
        _nodeMonitor = nodeMonitor;
    }

    public static Controllers Start(ObjectStore store, ResourceRegistry registry, SandboxOptions options, EdgeClusters edges, SiteLinks sites)
    {
        var client = new StoreClient(store, registry);
        var siteManager = new SiteManagerController(client, edges, new SiteManagerOptions { SyncPeriod = options.SyncPeriod });
        return new Controllers(siteManager, new WorkloadSimulator(client, ReadyDelays.From(options)), new EdgeController(client, edges, sites),
            new NodeMonitor(client, sites, options.NodeMonitorGracePeriod));
    }

    public async ValueTask DisposeAsync()
    {
        await _siteManager.DisposeAsync();
        await _simulator.DisposeAsync();
        await _edge.DisposeAsync();
        await _nodeMonitor.DisposeAsync();
    }
}
