using k8s;
using k8s.Models;
using Kins.Core.Connection;
using Kins.Core.SuperEdge;

namespace Kins.Core.Observe;

/// <summary>
/// Builds a <see cref="ClusterSnapshot"/> with one label-selected, paged list per kind (five in all,
/// run concurrently), whatever the number of units.
/// </summary>
public static class ClusterSnapshotLoader
{
    /// <summary>Selects the nodes site-manager made K3s servers.</summary>
    internal static string ServerNodeSelector => SuperEdgeNames.KinsRoleLabel + "=" + SuperEdgeNames.KinsRoleServer;

    /// <summary>Loads the snapshot over <paramref name="connection"/>; failures become <see cref="Errors.KinsException"/>.</summary>
    public static async Task<ClusterSnapshot> LoadAsync(KinsConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        try
        {
            return await LoadAsync(connection.Client, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not Errors.KinsException)
        {
            throw KubernetesErrors.ToKinsException(e, connection);
        }
    }

    internal static async Task<ClusterSnapshot> LoadAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        const string ns = SuperEdgeNames.KinsNamespace;
        var selector = SuperEdgeNames.AllKinsResourcesSelector;
        var lists = new[]
        {
            Load<V1StatefulSetList, V1StatefulSet>(ObservedKind.StatefulSet, (token, ct) =>
                client.AppsV1.ListNamespacedStatefulSetAsync(ns, continueParameter: token, labelSelector: selector, limit: PagedList.PageSize, cancellationToken: ct), cancellationToken),
            Load<V1DaemonSetList, V1DaemonSet>(ObservedKind.DaemonSet, (token, ct) =>
                client.AppsV1.ListNamespacedDaemonSetAsync(ns, continueParameter: token, labelSelector: selector, limit: PagedList.PageSize, cancellationToken: ct), cancellationToken),
            Load<V1ServiceList, V1Service>(ObservedKind.Service, (token, ct) =>
                client.CoreV1.ListNamespacedServiceAsync(ns, continueParameter: token, labelSelector: selector, limit: PagedList.PageSize, cancellationToken: ct), cancellationToken),
            Load<V1ConfigMapList, V1ConfigMap>(ObservedKind.ConfigMap, (token, ct) =>
                client.CoreV1.ListNamespacedConfigMapAsync(ns, continueParameter: token, labelSelector: selector, limit: PagedList.PageSize, cancellationToken: ct), cancellationToken),
            Load<V1NodeList, V1Node>(ObservedKind.Node, (token, ct) =>
                client.CoreV1.ListNodeAsync(continueParameter: token, labelSelector: ServerNodeSelector, limit: PagedList.PageSize, cancellationToken: ct), cancellationToken),
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

    private static async Task<(ObservedKind Kind, List<ObservedObject> Items, string? ResourceVersion)> Load<TList, TItem>(
        ObservedKind kind, Func<string?, CancellationToken, Task<TList>> page, CancellationToken cancellationToken)
        where TList : IKubernetesObject<V1ListMeta>, IItems<TItem>
        where TItem : IKubernetesObject<V1ObjectMeta>
    {
        var (items, resourceVersion) = await PagedList.ListAllAsync<TList, TItem, ObservedObject>(page, item => ObservedObjects.From(item), cancellationToken).ConfigureAwait(false);
        return (kind, items, resourceVersion);
    }
}
