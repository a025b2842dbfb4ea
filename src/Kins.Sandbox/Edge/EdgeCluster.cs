using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Kins.Sandbox.Api;
using Kins.Sandbox.Controllers;
using Kins.Sandbox.Hosting;
using Kins.Sandbox.Store;
using Kins.Sandbox.Store.Strategies;
using Kins.Sandbox.World;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;

namespace Kins.Sandbox.Edge;

/// <summary>
/// One promoted unit's K3s cluster stand-in: its own store (namespaces, the unit's nodes, whatever clients write),
/// its own CA and serving certificate, its own port, and the sandbox's API code over them, authenticated with the
/// token of the unit's <c>known_tokens.csv</c>. It serves while the unit's K3s servers are Ready; its data lives
/// until demotion disposes it, or a K3s server pod stops and its preStop deletes it (<see cref="Wipe"/>).
/// </summary>
internal sealed class EdgeCluster : IDisposable
{
    /// <summary>Watch history per edge cluster: small, as an edge cluster sees little traffic and there are many.</summary>
    private const int HistoryCapacity = 1024;
    private static readonly string[] Namespaces = ["default", "kube-system", "kube-public", "kube-node-lease"];
    private readonly object _gate = new();
    private readonly Certificates _certificates;
    private readonly EdgePort _port;
    private Data _data;
    private ApiDispatcher? _dispatcher;
    private string? _token;
    private string? _image;
    private CancellationTokenSource? _serving;

    public EdgeCluster(string unit, EdgeTransport transport)
    {
        Unit = unit;
        _data = Data.Empty();
        _certificates = Certificates.Create("k3s-server-ca", "k3s", ["kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"]);
        _port = new EdgePort(transport, () => IsServing);
    }

    /// <summary>What the K3s datastore holds: a fresh one has the default namespaces only.</summary>
    private sealed record Data(ResourceRegistry Registry, ObjectStore Store, StoreClient Client, ResourceHandler Resources)
    {
        public static Data Empty()
        {
            var registry = new ResourceRegistry();
            var store = new ObjectStore(new StrategyTable().For, HistoryCapacity);
            new CrdRegistrar(registry, store).Attach();
            foreach (var ns in Namespaces) { WorldBuilder.EnsureNamespace(store, ns); }
            return new Data(registry, store, new StoreClient(store, registry), new ResourceHandler(store, new WatchHandler(store, TimeSpan.FromSeconds(10))));
        }
    }

    public string Unit { get; }
    public ObjectStore Store { get { lock (_gate) { return _data.Store; } } }
    public ResourceRegistry Registry { get { lock (_gate) { return _data.Registry; } } }
    public StoreClient Client { get { lock (_gate) { return _data.Client; } } }
    public int Port => _port.Port;
    /// <summary>The unit's K3s API as seen from inside the unit: <c>https://127.0.0.1:PORT</c>.</summary>
    public string Address => $"https://127.0.0.1:{Port}";
    public X509Certificate2 ServingCertificate => _certificates.Serving;

    public bool IsServing
    {
        get { lock (_gate) { return _serving is not null; } }
    }

    /// <summary>
    /// Serves with <paramref name="token"/> (the unit's known token) as the K3s of <paramref name="image"/>; a changed
    /// token or image applies to the next request.
    /// </summary>
    public void Serve(string token, string? image)
    {
        lock (_gate)
        {
            if (token != _token || image != _image || _dispatcher is null)
            {
                _dispatcher = new ApiDispatcher(token, _data.Registry, _data.Resources, control: null, metrics: null, version: K3sVersion.Document(image));
                _token = token;
                _image = image;
            }
            _serving ??= new CancellationTokenSource();
        }
    }

    /// <summary>Stops serving (the K3s servers are not Ready): open connections are cut, the data stays.</summary>
    public void Pause()
    {
        CancellationTokenSource? serving;
        lock (_gate)
        {
            serving = _serving;
            _serving = null;
        }
        serving?.Cancel();
    }

    /// <summary>
    /// A K3s server pod stopped: its preStop deleted <c>/var/lib/rancher/*</c> (SITE-MANAGER.md, flaw 9), so the next
    /// server starts an empty cluster. Kept: the port and the token (<c>/etc/edge</c> is not wiped) and, a simplification,
    /// the CA (the edge kubeconfig skips TLS verification anyway). Open connections are cut.
    /// </summary>
    public void Wipe()
    {
        var serving = IsServing;
        Pause();
        string? token;
        lock (_gate)
        {
            _data = Data.Empty();
            _dispatcher = null;
            token = _token;
        }
        if (serving && token is not null)
        {
            Serve(token, _image);
        }
    }

    /// <summary>Runs a connection while the cluster serves; cut when it stops.</summary>
    public async Task RunConnectionAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        CancellationToken serving;
        lock (_gate)
        {
            if (_serving is null)
            {
                connection.Abort();
                return;
            }
            serving = _serving.Token;
        }
        using (serving.Register(() => connection.Abort(new ConnectionAbortedException("The edge cluster stopped serving."))))
        {
            await next(connection);
        }
    }

    public Task HandleAsync(HttpContext context)
    {
        ApiDispatcher? dispatcher;
        lock (_gate) { dispatcher = _serving is null ? null : _dispatcher; }
        if (dispatcher is null)
        {
            context.Abort();
            return Task.CompletedTask;
        }
        return dispatcher.HandleAsync(context);
    }

    public void Dispose()
    {
        Pause();
        _port.Dispose();
        _certificates.Dispose();
    }
}
