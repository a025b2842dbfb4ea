using System.Text.Json.Nodes;
using Kins.Core.Sandbox;
using Kins.Sandbox.Api;
using Kins.Sandbox.Faults;
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
/// <c>GET /sandbox/metrics</c> (the cloud API's request counts, the injected faults and the writes per NodeUnit),
/// <c>GET</c>, <c>PUT</c> and <c>DELETE /sandbox/faults</c> (the faults the cloud API injects, see <see cref="SandboxFaults"/>).
/// </summary>
internal sealed class ControlEndpoints
{
    private readonly ObjectStore _store;
    private readonly RequestMetrics _metrics;
    private readonly CloudLink _link;
    private readonly FaultInjector _faults;

    public ControlEndpoints(ObjectStore store, RequestMetrics metrics, CloudLink link, FaultInjector faults)
    {
        _store = store;
        _metrics = metrics;
        _link = link;
        _faults = faults;
    }

    public Task HandleAsync(HttpContext context)
    {
        var segments = (context.Request.Path.Value ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries);
        switch (context.Request.Method, segments)
        {
            case ("GET", ["sandbox", "metrics"]):
                var metrics = _metrics.ToJson();
                metrics["faults"] = _faults.CountsJson();
                metrics["nodeUnitWrites"] = _faults.Writes.ToJson();
                return HttpIo.WriteJsonAsync(context, 200, metrics);
            case ("GET", ["sandbox", "faults"]):
                return HttpIo.WriteJsonAsync(context, 200, _faults.Current.ToJson());
            case ("PUT", ["sandbox", "faults"]):
                return SetFaultsAsync(context);
            case ("DELETE", ["sandbox", "faults"]):
                return HttpIo.WriteJsonAsync(context, 200, _faults.Set(new SandboxFaults()).ToJson());
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
            case (_, ["sandbox", "metrics"] or ["sandbox", "nodes", _, "ready" or "notready"] or ["sandbox", "compact"] or ["sandbox", "cloud", "offline" or "online"] or ["sandbox", "faults"]):
                throw ApiException.MethodNotAllowed();
            default:
                throw new ApiException(404, "NotFound", "the server could not find the requested resource");
        }
    }

    private async Task SetFaultsAsync(HttpContext context)
    {
        var body = await HttpIo.ReadJsonAsync(context) as JsonObject ?? throw ApiException.BadRequest("the faults must be a JSON object");
        SandboxFaults faults;
        try
        {
            faults = SandboxFaults.FromJson(body);
        }
        catch (Exception e) when (e is ArgumentException or OverflowException or InvalidOperationException or FormatException)
        {
            throw ApiException.BadRequest("invalid faults: " + e.Message);
        }
        await HttpIo.WriteJsonAsync(context, 200, _faults.Set(faults).ToJson());
    }
}
