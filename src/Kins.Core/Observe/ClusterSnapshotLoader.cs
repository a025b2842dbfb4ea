using k8s;
using k8s.Models;
using Kins.Core.Connection;
using Kins.Core.SuperEdge;
using Kins.Core.Watching;

namespace Kins.Core.Observe;

/// <summary>
/// Builds a <see cref="ClusterSnapshot"/> with one label-selected, paged list per kind (seven in all,
/// run concurrently), whatever the number of units.
/// </summary>
public static class ClusterSnapshotLoader
{
    /// <summary>Selects the nodes site-manager made K3s servers.</summary>
    internal static string ServerNodeSelector => SuperEdgeNames.KinsRoleLabel + "=" + SuperEdgeNames.KinsRoleServer;

    /// <summary>Selects the nodes of <paramref name="unit"/> that site-manager made K3s servers.</summary>
    internal static string UnitServerNodeSelector(string unit) => ServerNodeSelector + "," + SuperEdgeNames.MembershipSelector(unit);

    /// <summary>Loads the snapshot over <paramref name="connection"/>; failures become <see cref="Errors.KinsException"/>, cancellation stays cancellation.</summary>
    public static async Task<ClusterSnapshot> LoadAsync(KinsConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        try
        {
            return await LoadAsync(connection.Client, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not Errors.KinsException and not OperationCanceledException)
        {
            throw KubernetesErrors.ToKinsException(e, connection);
        }
    }

    internal static async Task<ClusterSnapshot> LoadAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        // The same label-selected sources the reconciler's watches use, listed once each.
        return await LoadSelectedAsync(client, SuperEdgeNames.AllKinsResourcesSelector, ServerNodeSelector,
            ObservedSources.ServerVolumeSelector, SuperEdgeNames.AllServerPodsSelector, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A snapshot of one unit's objects only (its labelled objects in kins-system, its PVs, its labelled server nodes):
    /// enough to judge that unit, e.g. whether its edge cluster is up before handing out its kubeconfig.
    /// </summary>
    public static async Task<ClusterSnapshot> LoadUnitAsync(KinsConnection connection, string unit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var client = connection.Client;
        var selector = SuperEdgeNames.UnitResourceSelector(unit);
        var nodes = UnitServerNodeSelector(unit);
        try
        {
            return await LoadSelectedAsync(client, selector, nodes, selector, SuperEdgeNames.UnitServerPodsSelector(unit), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not Errors.KinsException and not OperationCanceledException)
        {
            throw KubernetesErrors.ToKinsException(e, connection, unit);
        }
    }

    /// <summary>One list per observed kind, in parallel: kins objects, server nodes, server volumes and server pods by their selectors.</summary>
    private static async Task<ClusterSnapshot> LoadSelectedAsync(IKubernetes client, string kinsSelector, string nodeSelector,
        string volumeSelector, string podSelector, CancellationToken cancellationToken)
    {
        var lists = new[]
        {
            Load(ObservedKind.StatefulSet, WatchSources.StatefulSets(client, kinsSelector), cancellationToken),
            Load(ObservedKind.DaemonSet, WatchSources.DaemonSets(client, kinsSelector), cancellationToken),
            Load(ObservedKind.Service, WatchSources.Services(client, kinsSelector), cancellationToken),
            Load(ObservedKind.ConfigMap, WatchSources.ConfigMaps(client, kinsSelector), cancellationToken),
            Load(ObservedKind.Node, WatchSources.Nodes(client, nodeSelector), cancellationToken),
            Load(ObservedKind.PersistentVolume, ObservedSources.PersistentVolumes(client, volumeSelector), cancellationToken),
            Load(ObservedKind.Pod, WatchSources.Pods(client, podSelector), cancellationToken),
        };
        var snapshot = new ClusterSnapshot();
        foreach (var (kind, items, resourceVersion) in await Task.WhenAll(lists).ConfigureAwait(false))
        {
            foreach (var item in items)
            {
                snapshot.Upsert(item);
            }
            snapshot.SetResourceVersion(kind, resourceVersion);
        }
        return snapshot;
    }

    private static async Task<(ObservedKind Kind, List<ObservedObject> Items, string? ResourceVersion)> Load<T>(
        ObservedKind kind, IWatchSource<T> source, CancellationToken cancellationToken)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        var (items, resourceVersion) = await PagedList.ListAllAsync(source, item => ObservedObjects.From(item), cancellationToken).ConfigureAwait(false);
        return (kind, items, resourceVersion);
    }
}
