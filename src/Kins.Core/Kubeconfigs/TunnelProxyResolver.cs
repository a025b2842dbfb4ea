using k8s;
using k8s.Models;
using Kins.Core.Connection;
using Kins.Core.Errors;
using Kins.Core.Model;
using Kins.Core.SuperEdge;

namespace Kins.Core.Kubeconfigs;

/// <summary>How the cloud-side kubeconfig reaches tunnel-cloud's http-proxy.</summary>
public enum ProxyAddressing
{
    /// <summary>From outside the cluster: a Ready master node's InternalIP and the http-proxy port's nodePort.</summary>
    MasterNodePort,
    /// <summary>From inside the cluster: tunnel-cloud's ClusterIP and port 8080.</summary>
    ClusterIP,
}

/// <summary>Discovers tunnel-cloud's http-proxy URL (SITE-MANAGER.md, "Access from the cloud through the tunnel").</summary>
internal static class TunnelProxyResolver
{
    private static readonly string[] MasterRoleLabels = ["node-role.kubernetes.io/master", "node-role.kubernetes.io/control-plane"];

    public static async Task<string> ResolveAsync(KinsConnection connection, ProxyAddressing addressing, CancellationToken cancellationToken)
    {
        var service = await ReadTunnelCloudAsync(connection, cancellationToken).ConfigureAwait(false);
        var port = service.Spec?.Ports?.FirstOrDefault(p => p.Name == SuperEdgeNames.HttpProxyPortName)
            ?? throw new KinsException(KinsErrorIds.HttpProxyPortNotFound, KinsErrorCategory.ObjectNotFound,
                $"The Service {SuperEdgeNames.EdgeSystemNamespace}/{SuperEdgeNames.TunnelCloudService} has no port named '{SuperEdgeNames.HttpProxyPortName}', so the tunnel's HTTP proxy cannot be found.",
                SuperEdgeNames.TunnelCloudService)
            {
                RecommendedAction = "Check tunnel-cloud's configuration, or pass the proxy with -ProxyUrl.",
            };

        if (addressing == ProxyAddressing.ClusterIP)
        {
            var clusterIp = service.Spec?.ClusterIP;
            if (string.IsNullOrEmpty(clusterIp) || clusterIp == "None")
            {
                throw new KinsException(KinsErrorIds.TunnelCloudNotFound, KinsErrorCategory.ObjectNotFound,
                    $"The Service {SuperEdgeNames.EdgeSystemNamespace}/{SuperEdgeNames.TunnelCloudService} has no ClusterIP.", SuperEdgeNames.TunnelCloudService)
                {
                    RecommendedAction = "Pass the proxy with -ProxyUrl.",
                };
            }
            return $"http://{clusterIp}:{port.Port}";
        }

        if (port.NodePort is not { } nodePort)
        {
            throw new KinsException(KinsErrorIds.HttpProxyPortNotFound, KinsErrorCategory.ObjectNotFound,
                $"The '{SuperEdgeNames.HttpProxyPortName}' port of {SuperEdgeNames.EdgeSystemNamespace}/{SuperEdgeNames.TunnelCloudService} has no nodePort, so it is not reachable from outside the cluster.",
                SuperEdgeNames.TunnelCloudService)
            {
                RecommendedAction = "Use -InCluster from inside the cluster, or pass the proxy with -ProxyUrl.",
            };
        }
        var masterIp = await FindMasterAddressAsync(connection, cancellationToken).ConfigureAwait(false);
        return $"http://{masterIp}:{nodePort}";
    }

    private static async Task<V1Service> ReadTunnelCloudAsync(KinsConnection connection, CancellationToken cancellationToken) =>
        await ApiReads.GetOrNullAsync(connection,
            ct => connection.Client.CoreV1.ReadNamespacedServiceAsync(SuperEdgeNames.TunnelCloudService, SuperEdgeNames.EdgeSystemNamespace, cancellationToken: ct),
            SuperEdgeNames.TunnelCloudService, cancellationToken).ConfigureAwait(false)
        ?? throw new KinsException(KinsErrorIds.TunnelCloudNotFound, KinsErrorCategory.ObjectNotFound,
            $"SuperEdge's tunnel-cloud Service ({SuperEdgeNames.EdgeSystemNamespace}/{SuperEdgeNames.TunnelCloudService}) does not exist in context '{connection.ContextName}', so there is no tunnel to reach edge clusters through.",
            SuperEdgeNames.TunnelCloudService)
        {
            RecommendedAction = "Check that SuperEdge's tunnel is installed, or pass a proxy with -ProxyUrl.",
        };

    private static async Task<string> FindMasterAddressAsync(KinsConnection connection, CancellationToken cancellationToken)
    {
        foreach (var label in MasterRoleLabels)
        {
            // A list answers an empty list, never 404: null cannot come back here.
            var nodes = await ApiReads.GetOrNullAsync(connection,
                ct => connection.Client.CoreV1.ListNodeAsync(labelSelector: label, cancellationToken: ct), label, cancellationToken).ConfigureAwait(false);
            if (nodes is null)
            {
                continue;
            }
            var address = nodes.Items
                .OrderByDescending(NodeConditions.IsReady).ThenBy(n => n.Metadata.Name, StringComparer.Ordinal)
                .Select(n => n.Status?.Addresses?.FirstOrDefault(a => a.Type == "InternalIP")?.Address)
                .FirstOrDefault(a => !string.IsNullOrEmpty(a));
            if (address is not null)
            {
                return address.Contains(':', StringComparison.Ordinal) ? $"[{address}]" : address;
            }
        }
        throw new KinsException(KinsErrorIds.MasterAddressNotFound, KinsErrorCategory.ObjectNotFound,
            $"No master node with an InternalIP was found in context '{connection.ContextName}' (nodes labelled {string.Join(" or ", MasterRoleLabels)}), so the tunnel's nodePort has no address.",
            connection.ContextName)
        {
            RecommendedAction = "Pass the proxy with -ProxyUrl http://<master address>:<nodePort>, or use -InCluster from inside the cluster.",
        };
    }
}
