using Kins.Core.Sandbox;
using Kins.Sandbox.Store;

namespace Kins.Sandbox.Hosting;

/// <summary>The in-process controllers that react to store changes: site-manager and the workload simulator.</summary>
internal sealed class Controllers : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _running = [];

    public static Controllers Start(ObjectStore store, ResourceRegistry registry, SandboxOptions options)
    {
        var controllers = new Controllers();
        _ = store;
        _ = registry;
        _ = options;
        return controllers;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var c in _running)
        {
            await c.DisposeAsync();
        }
    }
}
