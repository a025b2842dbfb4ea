using System.Collections.Concurrent;
using Kins.Sandbox.SiteManager;

namespace Kins.Sandbox.Edge;

/// <summary>
/// Every promoted unit's edge cluster, by unit and by port. Site-manager reserves a unit's cluster when it writes
/// the edge kubeconfig (which names the cluster's address); <see cref="EdgeController"/> makes it serve, pause, or
/// closes it; tunnel-cloud's proxy routes to the serving ones.
/// </summary>
internal sealed class EdgeClusters : IEdgeEndpoints, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<EdgeCluster>> _byUnit = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, EdgeCluster> _byPort = new();
    private EdgeHost? _host;

    private EdgeClusters() { }

    public static async Task<EdgeClusters> StartAsync(CancellationToken cancel)
    {
        var clusters = new EdgeClusters();
        clusters._host = await EdgeHost.StartAsync(port => clusters._byPort.GetValueOrDefault(port), cancel);
        return clusters;
    }

    public int Count => _byUnit.Count;

    /// <summary>The unit's cluster, made (with its port bound) if it has none yet.</summary>
    public EdgeCluster Reserve(string unit)
    {
        var lazy = _byUnit.GetOrAdd(unit, u => new Lazy<EdgeCluster>(() =>
        {
            var cluster = new EdgeCluster(u, _host!.Transport);
            _byPort[cluster.Port] = cluster;
            return cluster;
        }));
        return lazy.Value;
    }

    public string AddressOf(string unit) => Reserve(unit).Address;

    public EdgeCluster? Find(string unit) =>
        _byUnit.TryGetValue(unit, out var lazy) && lazy.IsValueCreated ? lazy.Value : null;

    /// <summary>The unit's cluster if it serves now (what the tunnel can reach).</summary>
    public EdgeCluster? FindServing(string unit) => Find(unit) is { IsServing: true } cluster ? cluster : null;

    /// <summary>Closes the unit's cluster (demotion, deletion): its port, connections and data are gone.</summary>
    public void Close(string unit)
    {
        if (_byUnit.TryRemove(unit, out var lazy) && lazy.IsValueCreated)
        {
            _byPort.TryRemove(lazy.Value.Port, out _);
            lazy.Value.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var unit in _byUnit.Keys) { Close(unit); }
        if (_host is not null)
        {
            await _host.DisposeAsync();
            await _host.Transport.DisposeAsync();
        }
    }
}
