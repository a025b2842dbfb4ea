using System.Text.Json.Nodes;
using Kins.Sandbox.Api;
using Kins.Sandbox.Simulation;
using Kins.Sandbox.Store;
using Microsoft.AspNetCore.Http;

namespace Kins.Sandbox.Control;

/// <summary>
/// The sandbox's own endpoints (same bearer token), for tests, benchmarks and fault injection:
/// <c>POST /sandbox/nodes/{name}/notready</c>, <c>POST /sandbox/nodes/{name}/ready</c>,
/// <c>POST /sandbox/compact</c> (forget the watch history, so older resourceVersions get 410 Gone),
/// <c>POST /sandbox/cloud/offline</c> and <c>/online</c> (cut or restore the cloud side),
/// <c>POST /sandbox/sites/{unit}/offline</c> and <c>/online</c> (cut or restore one site's link),
/// <c>GET /sandbox/metrics</c> (the cloud API's request counts).
/// </summary>
internal sealed class ControlEndpoints
{
    private readonly ObjectStore _store;
    private readonly RequestMetrics _metrics;
    private readonly CloudLink _link;

    public ControlEndpoints(ObjectStore store, RequestMetrics metrics, CloudLink link)
    {
        _store = store;
        _metrics = metrics;
        _link = link;
    }

    public Task HandleAsync(HttpContext context)
    {
        var segments = (context.Request.Path.Value ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries);
        switch (context.Request.Method, segments)
        {
            case ("GET", ["sandbox", "metrics"]):
                return HttpIo.WriteJsonAsync(context, 200, _metrics.ToJson());
            case ("POST", ["sandbox", "nodes", var name, "ready"]):
                return HttpIo.WriteBytesAsync(context, 200, NodeReadiness.Set(_store, name, ready: true).Json);
            case ("POST", ["sandbox", "nodes", var name, "notready"]):
                return HttpIo.WriteBytesAsync(context, 200, NodeReadiness.Set(_store, name, ready: false).Json);
            case ("POST", ["sandbox", "compact"]):
                var rv = _store.CompactHistory();
                return HttpIo.WriteJsonAsync(context, 200, new JsonObject { ["compactedThrough"] = rv.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            case ("POST", ["sandbox", "cloud", var state]) when state is "offline" or "online":
                _link.SetOnline(state == "online");
                return HttpIo.WriteJsonAsync(context, 200, new JsonObject { ["cloud"] = state });
            case ("POST", ["sandbox", "sites", var unit, var state]) when state is "offline" or "online":
                _link.Sites.SetOnline(unit, state == "online", DateTimeOffset.UtcNow);
                return HttpIo.WriteJsonAsync(context, 200, new JsonObject { ["nodeUnit"] = unit, ["link"] = state });
            case (_, ["sandbox", "sites", _, "offline" or "online"]):
                throw ApiException.MethodNotAllowed();
            case (_, ["sandbox", "metrics"] or ["sandbox", "nodes", _, "ready" or "notready"] or ["sandbox", "compact"] or ["sandbox", "cloud", "offline" or "online"]):
                throw ApiException.MethodNotAllowed();
            default:
                throw new ApiException(404, "NotFound", "the server could not find the requested resource");
        }
    }
}
