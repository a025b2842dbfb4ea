using Kins.Core.SuperEdge;
using Kins.Sandbox.Store;

namespace Kins.Sandbox.Tunnel;

/// <summary>Reads <c>edge-system/tunnel-cloud</c>: the node port its <c>http-proxy</c> port advertises.</summary>
internal static class TunnelCloudService
{
    /// <summary>The http-proxy node port; null when the world has no tunnel-cloud (an empty sandbox).</summary>
    public static int? HttpProxyNodePort(ObjectStore store)
    {
        var service = store.Get(BuiltinResources.Services, SuperEdgeNames.EdgeSystemNamespace, SuperEdgeNames.TunnelCloudService)?.Parse();
        var ports = service?["spec"]?["ports"]?.AsArray() ?? [];
        return ports.FirstOrDefault(p => (string?)p?["name"] == SuperEdgeNames.HttpProxyPortName)?["nodePort"] is { } nodePort ? (int)nodePort : null;
    }
}
