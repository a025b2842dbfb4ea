using k8s;
using k8s.Models;
using Kins.Core.Connection;
using Kins.Core.Errors;
using Kins.Core.Model;
using Kins.Core.NodeUnits;
using Kins.Core.SuperEdge;

namespace Kins.Core.Kubeconfigs;

/// <summary>Finds and reads a unit's edge kubeconfig, explaining every way that can fail.</summary>
internal static class EdgeKubeconfigReader
{
    public static async Task<EdgeKubeconfig> ReadAsync(KinsConnection connection, NodeUnit unit, CancellationToken cancellationToken)
    {
        var name = unit.Name;
        if (unit.Level == AutonomyLevel.L3)
        {
            throw new KinsException(KinsErrorIds.NodeUnitHasNoEdgeCluster, KinsErrorCategory.InvalidOperation,
                $"NodeUnit '{name}' is at L3: it has no edge K3s cluster, so there is no kubeconfig to get.", name)
            {
                RecommendedAction = $"Promote it first: Set-NodeUnitAutonomy -Name {name} -Level L4 -Wait",
            };
        }

        var reference = unit.Spec.UnitCredentialConfigMapRef;
        var configMapNamespace = string.IsNullOrEmpty(reference?.NamespaceProperty) ? SuperEdgeNames.KinsNamespace : reference.NamespaceProperty;
        var configMapName = string.IsNullOrEmpty(reference?.Name) ? SuperEdgeNames.KinsConfigMap(name) : reference.Name;
        var configMap = await ReadConfigMapAsync(connection, configMapNamespace, configMapName, name, cancellationToken).ConfigureAwait(false);
        if (configMap is null)
        {
            throw reference is null
                ? new KinsException(KinsErrorIds.EdgeClusterNotReady, KinsErrorCategory.ResourceUnavailable,
                    $"The edge cluster of NodeUnit '{name}' is not ready yet: site-manager has not published its kubeconfig ({configMapNamespace}/{configMapName}).", name)
                {
                    RecommendedAction = $"Wait for the promotion to finish: Set-NodeUnitAutonomy -Name {name} -Level {unit.Spec.AutonomyLevel} -Wait (Get-NodeUnit {name} shows its progress).",
                }
                : new KinsException(KinsErrorIds.KinsConfigMapNotFound, KinsErrorCategory.ObjectNotFound,
                    $"NodeUnit '{name}' refers to the kubeconfig ConfigMap {configMapNamespace}/{configMapName}, but that ConfigMap does not exist.", name)
                {
                    RecommendedAction = "site-manager recreates it on its next reconcile; if it does not, demote and promote the unit again.",
                };
        }
        if (configMap.Data is null || !configMap.Data.TryGetValue(SuperEdgeNames.KubeconfigKey, out var yaml) || string.IsNullOrWhiteSpace(yaml))
        {
            throw new KinsException(KinsErrorIds.KinsKubeconfigKeyMissing, KinsErrorCategory.InvalidData,
                $"The ConfigMap {configMapNamespace}/{configMapName} of NodeUnit '{name}' has no '{SuperEdgeNames.KubeconfigKey}' key.", name)
            {
                RecommendedAction = $"Inspect it with: kubectl get cm {configMapName} -n {configMapNamespace} -o yaml",
            };
        }
        return EdgeKubeconfig.Parse(name, yaml);
    }

    private static Task<V1ConfigMap?> ReadConfigMapAsync(KinsConnection connection, string ns, string name, string unit, CancellationToken cancellationToken) =>
        ApiReads.GetOrNullAsync(connection, ct => connection.Client.CoreV1.ReadNamespacedConfigMapAsync(name, ns, cancellationToken: ct), unit, cancellationToken);
}
