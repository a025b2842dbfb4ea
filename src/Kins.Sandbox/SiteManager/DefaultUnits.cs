using System.Text.Json.Nodes;
using Kins.Core.SuperEdge;
using Kins.Sandbox.Controllers;
using Kins.Sandbox.Store;

namespace Kins.Sandbox.SiteManager;

/// <summary>
/// CreateDefaultUnit (pkg/site-manager/utils/common.go:30-58): site-manager creates <c>unit-node-all</c> (type
/// <c>other</c>, selector <c>kubernetes.io/os=linux</c>, level defaulted to L3 by the CRD) if absent at every start and
/// never updates it. Without the CRD it retries every 5 seconds (server.go:104-113), so in an empty sandbox the unit
/// appears once someone applies the CRD.
/// </summary>
internal static class DefaultUnits
{
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(5);

    /// <summary>True once the unit exists (created now or before); false while the NodeUnit CRD is not served.</summary>
    public static bool TryEnsureAllNodesUnit(StoreClient client)
    {
        if (client.Registry.FindStorage(SuperEdgeNames.Group, SuperEdgeNames.Plural) is not { } units)
        {
            return false;
        }
        try
        {
            client.Create(units, new JsonObject
            {
                ["apiVersion"] = SuperEdgeNames.ApiVersion,
                ["kind"] = SuperEdgeNames.Kind,
                ["metadata"] = new JsonObject { ["name"] = SuperEdgeNames.AllNodesUnit },
                ["spec"] = new JsonObject
                {
                    ["type"] = SuperEdgeNames.AllNodesUnitType,
                    ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { [SuperEdgeNames.OsLabel] = SuperEdgeNames.OsLinux } },
                    ["setNode"] = new JsonObject(),
                },
            });
            return true;
        }
        catch (ApiException e) when (e.Reason == "AlreadyExists")
        {
            return true;
        }
        catch (ApiException)
        {
            return false;
        }
    }
}
