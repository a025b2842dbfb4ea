using System.Globalization;
using System.Text.Json.Nodes;
using Kins.Sandbox.Controllers;
using Kins.Sandbox.Store;

namespace Kins.Sandbox.Simulation;

/// <summary>
/// The Warning event a workload controller records when the API refuses a pod it makes (reason FailedCreate), once
/// per workload and pod: e.g. a StatefulSet whose name makes the <c>controller-revision-hash</c> label longer than 63
/// characters never gets pods, and only this event says why.
/// </summary>
internal sealed class FailedCreateEvents
{
    private readonly HashSet<string> _recorded = new(StringComparer.Ordinal);

    public void Record(StoreClient client, StoredObject owner, string kind, string pod, string error)
    {
        lock (_recorded)
        {
            if (!_recorded.Add(owner.Uid + "/" + pod))
            {
                return;
            }
        }
        var now = Timestamps.Now();
        var controller = kind == "StatefulSet" ? "statefulset-controller" : "daemonset-controller";
        client.TryCreate(BuiltinResources.Events, new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Event",
            ["metadata"] = new JsonObject
            {
                ["name"] = owner.Name + "." + DateTime.UtcNow.Ticks.ToString("x", CultureInfo.InvariantCulture),
                ["namespace"] = owner.Namespace,
            },
            ["involvedObject"] = new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = kind, ["namespace"] = owner.Namespace, ["name"] = owner.Name, ["uid"] = owner.Uid },
            ["reason"] = "FailedCreate",
            ["message"] = $"create Pod {pod} in {kind} {owner.Name} failed error: {error}",
            ["type"] = "Warning",
            ["source"] = new JsonObject { ["component"] = controller },
            ["firstTimestamp"] = now,
            ["lastTimestamp"] = now,
            ["count"] = 1,
        });
    }
}
