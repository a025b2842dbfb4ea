using System.Globalization;
using System.Text.Json.Nodes;
using Kins.Core.Model;
using Kins.Core.SuperEdge;
using Kins.Sandbox.Controllers;
using Kins.Sandbox.Store;

namespace Kins.Sandbox.SiteManager;

/// <summary>The Warning event site-manager records when a unit above L3 is deleted (once per unit and deletion).</summary>
internal sealed class DeletionWarnings
{
    private readonly object _gate = new();
    private readonly HashSet<string> _recorded = new(StringComparer.Ordinal);

    public void Record(StoreClient client, JsonObject unit, AutonomyLevel level)
    {
        var uid = (string?)unit["metadata"]?["uid"] ?? string.Empty;
        lock (_gate)
        {
            if (!_recorded.Add(uid))
            {
                return;
            }
        }
        var name = (string?)unit["metadata"]?["name"] ?? string.Empty;
        var now = Timestamps.Now();
        client.TryCreate(BuiltinResources.Events, new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Event",
            ["metadata"] = new JsonObject
            {
                ["name"] = $"{name}.{DateTime.UtcNow.Ticks.ToString("x", CultureInfo.InvariantCulture)}",
                ["namespace"] = "default",
            },
            ["involvedObject"] = new JsonObject
            {
                ["apiVersion"] = SuperEdgeNames.ApiVersion, ["kind"] = SuperEdgeNames.Kind, ["name"] = name, ["uid"] = uid,
                ["resourceVersion"] = (string?)unit["metadata"]?["resourceVersion"],
            },
            ["reason"] = SuperEdgeNames.DeletionBlockedEventReason,
            ["message"] = $"NodeUnit {name} is not allowed to be deleted at autonomy level {level.ToSpecValue()}; adjust the level to L3 before deleting",
            ["type"] = "Warning",
            ["source"] = new JsonObject { ["component"] = SuperEdgeNames.SiteManagerComponent },
            ["reportingComponent"] = SuperEdgeNames.SiteManagerComponent,
            ["firstTimestamp"] = now,
            ["lastTimestamp"] = now,
            ["count"] = 1,
        });
    }

    public void Forget(string? uid)
    {
        lock (_gate) { _recorded.Remove(uid ?? string.Empty); }
    }
}
