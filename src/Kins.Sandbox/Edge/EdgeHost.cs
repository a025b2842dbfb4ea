using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kins.Sandbox.Edge;

/// <summary>
/// The one Kestrel server behind every unit's port: a connection is routed to its unit by the local port it came
/// in on, which picks the unit's serving certificate for TLS and the unit's API for its requests.
/// </summary>
internal sealed class EdgeHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EdgeHost(WebApplication app, EdgeTransport transport)
    {
        _app = app;
        Transport = transport;
    }

    public EdgeTransport Transport { get; }

    public static async Task<EdgeHost> StartAsync(Func<int, EdgeCluster?> byPort, CancellationToken cancel)
    {
        var transport = new EdgeTransport();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IConnectionListenerFactory>(transport);
        EdgeCluster? Of(ConnectionContext c) => c.LocalEndPoint is IPEndPoint local ? byPort(local.Port) : null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Listen(EdgeTransport.HubEndPoint, listen =>
            {
                listen.Use(next => connection => Of(connection) is { } cluster ? cluster.RunConnectionAsync(connection, next) : Refuse(connection));
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificateSelector = (connection, _) => connection is null ? null : Of(connection)?.ServingCertificate,
                });
            });
        });
        var app = builder.Build();
        app.Run(context => byPort(context.Connection.LocalPort) is { } cluster ? cluster.HandleAsync(context) : Abort(context));
        await app.StartAsync(cancel);
        return new EdgeHost(app, transport);
    }

    private static Task Refuse(ConnectionContext connection)
    {
        connection.Abort();
        return Task.CompletedTask;
    }

    private static Task Abort(Microsoft.AspNetCore.Http.HttpContext context)
    {
        context.Abort();
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        try
        {
            await _app.StopAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
            // Open watches were cut off: fine when stopping.
        }
        await _app.DisposeAsync();
    }
}
