using System.Text.Json.Nodes;
using Kins.Sandbox.Api;
using Kins.Sandbox.Simulation;
using Kins.Sandbox.Store;
using Microsoft.AspNetCore.Http;

namespace Kins.Sandbox.Control;

/// <summary>
/// The sandbox's own endpoints (same bearer token), for tests and fault injection:
/// <c>POST /sandbox/nodes/{name}/notready</c>, <c>POST /sandbox/nodes/{name}/ready</c>,
/// <c>POST /sandbox/compact</c> (forget the watch history, so older resourceVersions get 410 Gone).
/// </summary>
internal sealed class ControlEndpoints
{
    private readonly ObjectStore _store;

    public ControlEndpoints(ObjectStore store) => _store = store;

    public Task HandleAsync(HttpContext context)
    {
        var segments = (context.Request.Path.Value ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (context.Request.Method != "POST")
        {
            throw ApiException.MethodNotAllowed();
        }
        switch (segments)
        {
            case ["sandbox", "nodes", var name, "ready"]:
                return HttpIo.WriteBytesAsync(context, 200, NodeReadiness.Set(_store, name, ready: true).Json);
            case ["sandbox", "nodes", var name, "notready"]:
                return HttpIo.WriteBytesAsync(context, 200, NodeReadiness.Set(_store, name, ready: false).Json);
            case ["sandbox", "compact"]:
                var rv = _store.CompactHistory();
                return HttpIo.WriteJsonAsync(context, 200, new JsonObject { ["compactedThrough"] = rv.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            default:
                throw new ApiException(404, "NotFound", "the server could not find the requested resource");
        }
    }
}
