using Kins.Core.SuperEdge;
using Kins.Sandbox.Controllers;
using Kins.Sandbox.Store;

namespace Kins.Sandbox.SiteManager;

/// <summary>Whether a unit's K3s control plane is up: what the credential reference and the edge endpoint wait for.</summary>
internal static class ControlPlane
{
    /// <summary>Every K3s server pod of the level is Ready (the init server, and at L5 the two joining ones).</summary>
    public static bool IsReady(StoreClient client, string unit, string level)
    {
        var servers = level == "L5"
            ? new[] { SuperEdgeNames.ServerStatefulSet(unit), SuperEdgeNames.JoinStatefulSet(unit) }
            : new[] { SuperEdgeNames.ServerStatefulSet(unit) };
        return servers.All(sts => client.Get(BuiltinResources.StatefulSets, SuperEdgeNames.KinsNamespace, sts)?.Parse() is { } set
            && (long?)set["status"]?["readyReplicas"] is { } ready && ready > 0
            && ready >= ((long?)set["spec"]?["replicas"] ?? 1));
    }
}
