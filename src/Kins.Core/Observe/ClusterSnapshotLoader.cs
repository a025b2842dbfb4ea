using k8s;
using k8s.Models;
using Kins.Core.Connection;
using Kins.Core.SuperEdge;
using Kins.Core.Watching;

namespace Kins.Core.Observe;

/// <summary>
/// Builds a <see cref="ClusterSnapshot"/> with one label-selected, paged list per kind (six in all,
/// run concurrently), whatever the number of units.
/// </summary>
public static class ClusterSnapshotLoader
{
    /// <summary>Selects the nodes site-manager made K3s servers.</summary>
    internal static string ServerNodeSelector => SuperEdgeNames.KinsRoleLabel + "=" + SuperEdgeNames.KinsRoleServer;

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
        var selector = SuperEdgeNames.AllKinsResourcesSelector;
        var lists = new[]
        {
            Load(ObservedKind.StatefulSet, WatchSources.StatefulSets(client, selector), cancellationToken),
            Load(ObservedKind.DaemonSet, WatchSources.DaemonSets(client, selector), cancellationToken),
            Load(ObservedKind.Service, WatchSources.Services(client, selector), cancellationToken),
            Load(ObservedKind.ConfigMap, WatchSources.ConfigMaps(client, selector), cancellationToken),
            Load(ObservedKind.Node, WatchSources.Nodes(client, ServerNodeSelector), cancellationToken),
            Load(ObservedKind.PersistentVolume, ObservedSources.PersistentVolumes(client, ObservedSources.ServerVolumeSelector), cancellationToken),
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

    /// <summary>
    /// A snapshot of one unit's objects only (its labelled objects in kins-system, its PVs, its labelled server nodes):
    /// enough to judge that unit, e.g. whether its edge cluster is up before handing out its kubeconfig.
    /// </summary>
    public static async Task<ClusterSnapshot> LoadUnitAsync(KinsConnection connection, string unit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var client = connection.Client;
        var selector = SuperEdgeNames.UnitResourceSelector(unit);
        var nodes = ServerNodeSelector + "," + SuperEdgeNames.MembershipLabelKey(unit) + "=" + SuperEdgeNames.MembershipLabelValue;
        try
        {
            var lists = new[]
            {
                Load(ObservedKind.StatefulSet, WatchSources.StatefulSets(client, selector), cancellationToken),
                Load(ObservedKind.DaemonSet, WatchSources.DaemonSets(client, selector), cancellationToken),
                Load(ObservedKind.Service, WatchSources.Services(client, selector), cancellationToken),
                Load(ObservedKind.ConfigMap, WatchSources.ConfigMaps(client, selector), cancellationToken),
                Load(ObservedKind.Node, WatchSources.Nodes(client, nodes), cancellationToken),
                Load(ObservedKind.PersistentVolume, ObservedSources.PersistentVolumes(client, selector), cancellationToken),
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
        catch (Exception e) when (e is not Errors.KinsException and not OperationCanceledException)
        {
            throw KubernetesErrors.ToKinsException(e, connection, unit);
        }
    }

    private static async Task<(ObservedKind Kind, List<ObservedObject> Items, string? ResourceVersion)> Load<T>(
        ObservedKind kind, IWatchSource<T> source, CancellationToken cancellationToken)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        var (items, resourceVersion) = await PagedList.ListAllAsync(source, item => ObservedObjects.From(item), cancellationToken).ConfigureAwait(false);
        return (kind, items, resourceVersion);
    }
}
