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
/// until demotion disposes it.
/// </summary>
internal sealed class EdgeCluster : IDisposable
{
    /// <summary>Watch history per edge cluster: small, as an edge cluster sees little traffic and there are many.</summary>
    private const int HistoryCapacity = 1024;
    private static readonly string[] Namespaces = ["default", "kube-system", "kube-public", "kube-node-lease"];
    private readonly object _gate = new();
    private readonly Certificates _certificates;
    private readonly EdgePort _port;
    private readonly ResourceHandler _resources;
    private ApiDispatcher? _dispatcher;
    private string? _token;
    private string? _image;
    private CancellationTokenSource? _serving;

    public EdgeCluster(string unit, EdgeTransport transport)
    {
        Unit = unit;
        Registry = new ResourceRegistry();
        Store = new ObjectStore(new StrategyTable().For, HistoryCapacity);
        new CrdRegistrar(Registry, Store).Attach();
        foreach (var ns in Namespaces) { WorldBuilder.EnsureNamespace(Store, ns); }
        Client = new StoreClient(Store, Registry);
        _resources = new ResourceHandler(Store, new WatchHandler(Store, TimeSpan.FromSeconds(10)));
        _certificates = Certificates.Create("k3s-server-ca", "k3s", ["kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"]);
        _port = new EdgePort(transport, () => IsServing);
    }

    public string Unit { get; }
    public ObjectStore Store { get; }
    public ResourceRegistry Registry { get; }
    public StoreClient Client { get; }
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
            if (token != _token || image != _image)
            {
                _dispatcher = new ApiDispatcher(token, Registry, _resources, control: null, metrics: null, version: K3sVersion.Document(image));
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
