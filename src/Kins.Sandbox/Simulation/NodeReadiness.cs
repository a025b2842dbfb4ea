using System.Text.Json.Nodes;
using Kins.Sandbox.Store;

namespace Kins.Sandbox.Simulation;

/// <summary>A node's Ready condition, as a kubelet reports it (and as the sandbox's control endpoint flips it).</summary>
internal static class NodeReadiness
{
    public static JsonArray Conditions(bool ready, string now) => new(
        Condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available", now),
        Condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", now),
        Condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available", now),
        ReadyCondition(ready, now));

    public static bool IsReady(JsonNode? node) =>
        (node?["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>()
            .Any(c => (string?)c["type"] == "Ready" && (string?)c["status"] == "True");

    /// <summary>Sets the node's Ready condition through the status subresource; a no-op when already so.</summary>
    public static StoredObject Set(ObjectStore store, string nodeName, bool ready)
    {
        var type = BuiltinResources.Nodes;
        for (var attempt = 0; ; attempt++)
        {
            var current = store.Get(type, null, nodeName) ?? throw ApiException.NotFound(type, nodeName);
            var node = current.Parse();
            if (IsReady(node) == ready)
            {
                return current;
            }
            var status = node["status"] as JsonObject ?? new JsonObject();
            node["status"] = status;
            var conditions = status["conditions"] as JsonArray ?? new JsonArray();
            status["conditions"] = conditions;
            var now = Timestamps.Now();
            foreach (var old in conditions.OfType<JsonObject>().Where(c => (string?)c["type"] == "Ready").ToList())
            {
                conditions.Remove(old);
            }
            conditions.Add(ReadyCondition(ready, now));
            try
            {
                return store.Update(new WriteContext(type) { Subresource = "status" }, node);
            }
            catch (ApiException e) when (e.Reason == "Conflict" && attempt < 20)
            {
                // Written meanwhile: read again.
            }
        }
    }

    private static JsonObject ReadyCondition(bool ready, string now) => ready
        ? Condition("Ready", "True", "KubeletReady", "kubelet is posting ready status", now)
        : Condition("Ready", "False", "KubeletNotReady", "the sandbox marked this node NotReady", now);

    private static JsonObject Condition(string type, string status, string reason, string message, string now) => new()
    {
        ["type"] = type, ["status"] = status, ["lastHeartbeatTime"] = now, ["lastTransitionTime"] = now, ["reason"] = reason, ["message"] = message,
    };
}
