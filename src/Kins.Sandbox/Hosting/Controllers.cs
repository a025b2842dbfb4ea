using Kins.Core.Sandbox;
using Kins.Sandbox.Controllers;
using Kins.Sandbox.Simulation;
using Kins.Sandbox.SiteManager;
using Kins.Sandbox.Store;

namespace Kins.Sandbox.Hosting;

/// <summary>The in-process controllers that react to store changes: site-manager and the workload simulator.</summary>
internal sealed class Controllers : IAsyncDisposable
{
    private readonly SiteManagerController _siteManager;
    private readonly WorkloadSimulator _simulator;

    private Controllers(SiteManagerController siteManager, WorkloadSimulator simulator)
    {
        _siteManager = siteManager;
        _simulator = simulator;
    }

    public static Controllers Start(ObjectStore store, ResourceRegistry registry, SandboxOptions options)
    {
        var client = new StoreClient(store, registry);
        return new Controllers(new SiteManagerController(client), new WorkloadSimulator(client, options.ReadyDelay));
    }

    public async ValueTask DisposeAsync()
    {
        await _siteManager.DisposeAsync();
        await _simulator.DisposeAsync();
    }
}
