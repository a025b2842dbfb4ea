using System.Net;
using System.Security.Cryptography;
using Kins.Core.Sandbox;
using Kins.Sandbox.Api;
using Kins.Sandbox.Control;
using Kins.Sandbox.Edge;
using Kins.Sandbox.Faults;
using Kins.Sandbox.Store;
using Kins.Sandbox.Store.Strategies;
using Kins.Sandbox.Tunnel;
using Kins.Sandbox.World;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kins.Sandbox.Hosting;

/// <summary>
/// One running sandbox: the store, its controllers (site-manager, workload simulator), the world, and the
/// HTTPS API on 127.0.0.1. Tests host it in-process; the executable wraps it.
/// </summary>
internal sealed class SandboxServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Certificates _certificates;
    private readonly Controllers _controllers;
    private readonly CloudLink _link;
    private readonly HttpConnectProxy? _proxy;

    private SandboxServer(WebApplication app, Certificates certificates, Controllers controllers, CloudLink link, EdgeClusters edges,
        HttpConnectProxy? proxy, ObjectStore store, ResourceRegistry registry, string token, string readOnlyToken, string endpoint)
    {
        ReadOnlyToken = readOnlyToken;
        _proxy = proxy;
        _app = app;
        _certificates = certificates;
        _controllers = controllers;
        _link = link;
        Edges = edges;
        Store = store;
        Registry = registry;
        Token = token;
        Endpoint = endpoint;
    }

    public ObjectStore Store { get; }
    /// <summary>The nodes' Leases in kube-node-lease, renewed like kubelets do; pausable per node.</summary>
    public NodeLeases Leases => _controllers.Leases;

    /// <summary>Waits until the controllers have had nothing to do for a few checks in a row (or <paramref name="limit"/> passed).</summary>
    public Task WaitSettledAsync(TimeSpan limit) => _controllers.WaitSettledAsync(limit, CancellationToken.None);
    /// <summary>The promoted units' edge clusters.</summary>
    public EdgeClusters Edges { get; }
    public ResourceRegistry Registry { get; }
    public string Token { get; }
    /// <summary>The viewer's token: get, list and watch only (the kubeconfig's <c>kins-sandbox-readonly</c> context).</summary>
    public string ReadOnlyToken { get; }
    /// <summary><c>https://127.0.0.1:PORT</c>.</summary>
    public string Endpoint { get; }
    public string CaPem => _certificates.CaPem;
    /// <summary>tunnel-cloud's http-proxy port on 127.0.0.1; null in an empty sandbox.</summary>
    public int? HttpProxyPort => _proxy?.Port;
    /// <summary>Connections tunnel-cloud's http-proxy holds now.</summary>
    public int ProxyOpenConnections => _proxy?.OpenConnections ?? 0;

    /// <param name="time">The clock of the fault layer and the http-proxy's limits (tests pass a manual one).</param>
    /// <param name="proxyLimits">The http-proxy's limits; null for <see cref="ProxyLimits.Default"/>.</param>
    public static async Task<SandboxServer> StartAsync(SandboxOptions options, TimeSpan? bookmarkInterval = null,
        TimeProvider? time = null, ProxyLimits? proxyLimits = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var registry = new ResourceRegistry();
        var strategies = new StrategyTable();
        var store = new ObjectStore(strategies.For);
        new CrdRegistrar(registry, store).Attach();
        var edges = await EdgeClusters.StartAsync(cancel);
        var link = new CloudLink();
        var controllers = Controllers.Start(store, registry, options, edges, link.Sites);
        new WorldBuilder(store, registry).Build(options);
        controllers.EnsureDefaultUnits();

        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        var readOnlyToken = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        var certificates = Certificates.Create();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null;
            ApiServerLimits.Apply(kestrel.Limits);
            kestrel.Listen(IPAddress.Loopback, options.Port, listen => listen.UseHttps(certificates.Serving));
        });
        var app = builder.Build();
        var watch = new WatchHandler(store, bookmarkInterval ?? TimeSpan.FromSeconds(10));
        var resources = new ResourceHandler(store, watch);
        var metrics = new RequestMetrics();
        var proxy = TunnelCloudService.HttpProxyNodePort(store) is int nodePort
            ? new HttpConnectProxy(nodePort, new TunnelRoutes(store, edges, link.Sites), link, proxyLimits, time)
            : null;
        var faults = new FaultInjector(link, time);
        var control = new ControlEndpoints(store, metrics, link, faults);
        var dispatcher = new ApiDispatcher(token, registry, resources, control.HandleAsync, metrics, readOnlyToken: readOnlyToken);
        app.Run(context => link.GateAsync(context, c => faults.ApplyAsync(c, dispatcher.HandleAsync)));
        await app.StartAsync(cancel);
        await controllers.WaitSettledAsync(TimeSpan.FromMinutes(2), cancel);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        return new SandboxServer(app, certificates, controllers, link, edges, proxy, store, registry, token, readOnlyToken, $"https://127.0.0.1:{port}");
    }

    public string RenderKubeconfig() => KubeconfigFile.Render(Endpoint, CaPem, Token, ReadOnlyToken);

    public async ValueTask DisposeAsync()
    {
        // Watches never end by themselves, so a graceful stop only waits for them in vain: keep it short.
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        try
        {
            await _app.StopAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
            // Open watches were cut off: fine when stopping.
        }
        _proxy?.Dispose();
        await _controllers.DisposeAsync();
        await Edges.DisposeAsync();
        await _app.DisposeAsync();
        _certificates.Dispose();
        _link.Dispose();
    }
}
