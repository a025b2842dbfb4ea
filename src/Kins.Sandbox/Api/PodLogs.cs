using System.Text;
using System.Text.Json.Nodes;
using Kins.Sandbox.Store;
using Microsoft.AspNetCore.Http;

namespace Kins.Sandbox.Api;

/// <summary>
/// <c>GET pods/&lt;name&gt;/log</c>: a short simulated log of a running container (the sandbox runs no processes), or the
/// 400 a real kubelet gives when there is none yet (waiting to start) or the container is ambiguous.
/// </summary>
internal static class PodLogs
{
    public static Task WriteAsync(HttpContext context, ObjectStore store, RequestTarget target)
    {
        if (context.Request.Method != "GET")
        {
            throw ApiException.MethodNotAllowed();
        }
        var pod = store.Get(target.Type, target.Namespace, target.Name!)?.Parse() ?? throw ApiException.NotFound(target.Type, target.Name!);
        var containers = (pod["spec"]?["containers"] as JsonArray ?? []).OfType<JsonObject>().Select(c => (string?)c["name"] ?? string.Empty).ToList();
        var asked = context.Request.Query["container"].ToString();
        if (asked.Length == 0 && containers.Count != 1)
        {
            throw ApiException.BadRequest($"a container name must be specified for pod {target.Name}, choose one of: [{string.Join(" ", containers)}]");
        }
        var container = asked.Length > 0 ? asked : containers[0];
        if (!containers.Contains(container))
        {
            throw ApiException.BadRequest($"container {container} is not valid for pod {target.Name}");
        }
        var phase = (string?)pod["status"]?["phase"];
        var node = (string?)pod["spec"]?["nodeName"];
        if (phase != "Running" || string.IsNullOrEmpty(node))
        {
            var reason = string.IsNullOrEmpty(node) ? "ContainerCreating" : (phase ?? "Pending");
            throw ApiException.BadRequest($"container \"{container}\" in pod \"{target.Name}\" is waiting to start: {reason}");
        }
        var started = (string?)pod["status"]?["startTime"] ?? (string?)pod["metadata"]?["creationTimestamp"] ?? Timestamps.Now();
        var image = (pod["spec"]?["containers"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(c => (string?)c["name"] == container)?["image"];
        var text = new StringBuilder()
            .Append($"time=\"{started}\" level=info msg=\"Kins sandbox: simulated container {container} ({image}) on node {node}; no process runs here, so this is all the log there is\"\n")
            .Append($"time=\"{started}\" level=info msg=\"Started container {container}\"\n")
            .ToString();
        return HttpIo.WriteBytesAsync(context, 200, Encoding.UTF8.GetBytes(text), "text/plain");
    }
}
