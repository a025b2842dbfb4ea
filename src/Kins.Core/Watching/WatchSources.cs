using k8s;
using k8s.Models;
using Kins.Core.Model;
using Kins.Core.SuperEdge;

namespace Kins.Core.Watching;

/// <summary>The label-selected lists and watches Kins needs, one per kind.</summary>
internal static class WatchSources
{
    public static IWatchSource<NodeUnit> NodeUnits(IKubernetes client, string? labelSelector = null, string? fieldSelector = null) =>
        new ApiWatchSource<NodeUnit, NodeUnitList>("nodeunits", (r, ct) =>
            client.CustomObjects.ListClusterCustomObjectWithHttpMessagesAsync<NodeUnitList>(
                SuperEdgeNames.Group, SuperEdgeNames.Version, SuperEdgeNames.Plural,
                allowWatchBookmarks: r.Watch ? true : null, continueParameter: r.Continue, fieldSelector: fieldSelector,
                labelSelector: labelSelector, limit: r.Limit, resourceVersion: r.ResourceVersion,
                timeoutSeconds: r.TimeoutSeconds, watch: r.Watch ? true : null, cancellationToken: ct));

    public static IWatchSource<V1StatefulSet> StatefulSets(IKubernetes client, string labelSelector) =>
        new ApiWatchSource<V1StatefulSet, V1StatefulSetList>("statefulsets in " + SuperEdgeNames.KinsNamespace, (r, ct) =>
            client.AppsV1.ListNamespacedStatefulSetWithHttpMessagesAsync(SuperEdgeNames.KinsNamespace,
                allowWatchBookmarks: r.Watch ? true : null, continueParameter: r.Continue, labelSelector: labelSelector, limit: r.Limit,
                resourceVersion: r.ResourceVersion, timeoutSeconds: r.TimeoutSeconds, watch: r.Watch ? true : null, cancellationToken: ct));

    public static IWatchSource<V1DaemonSet> DaemonSets(IKubernetes client, string labelSelector) =>
        new ApiWatchSource<V1DaemonSet, V1DaemonSetList>("daemonsets in " + SuperEdgeNames.KinsNamespace, (r, ct) =>
            client.AppsV1.ListNamespacedDaemonSetWithHttpMessagesAsync(SuperEdgeNames.KinsNamespace,
                allowWatchBookmarks: r.Watch ? true : null, continueParameter: r.Continue, labelSelector: labelSelector, limit: r.Limit,
                resourceVersion: r.ResourceVersion, timeoutSeconds: r.TimeoutSeconds, watch: r.Watch ? true : null, cancellationToken: ct));

    public static IWatchSource<V1Service> Services(IKubernetes client, string? labelSelector) =>
        new ApiWatchSource<V1Service, V1ServiceList>("services in " + SuperEdgeNames.KinsNamespace, (r, ct) =>
            client.CoreV1.ListNamespacedServiceWithHttpMessagesAsync(SuperEdgeNames.KinsNamespace,
                allowWatchBookmarks: r.Watch ? true : null, continueParameter: r.Continue, labelSelector: labelSelector, limit: r.Limit,
                resourceVersion: r.ResourceVersion, timeoutSeconds: r.TimeoutSeconds, watch: r.Watch ? true : null, cancellationToken: ct));

    public static IWatchSource<V1ConfigMap> ConfigMaps(IKubernetes client, string labelSelector) =>
        new ApiWatchSource<V1ConfigMap, V1ConfigMapList>("configmaps in " + SuperEdgeNames.KinsNamespace, (r, ct) =>
            client.CoreV1.ListNamespacedConfigMapWithHttpMessagesAsync(SuperEdgeNames.KinsNamespace,
                allowWatchBookmarks: r.Watch ? true : null, continueParameter: r.Continue, labelSelector: labelSelector, limit: r.Limit,
                resourceVersion: r.ResourceVersion, timeoutSeconds: r.TimeoutSeconds, watch: r.Watch ? true : null, cancellationToken: ct));

    public static IWatchSource<V1Pod> Pods(IKubernetes client, string labelSelector) =>
        new ApiWatchSource<V1Pod, V1PodList>("pods in " + SuperEdgeNames.KinsNamespace, (r, ct) =>
            client.CoreV1.ListNamespacedPodWithHttpMessagesAsync(SuperEdgeNames.KinsNamespace,
                allowWatchBookmarks: r.Watch ? true : null, continueParameter: r.Continue, labelSelector: labelSelector, limit: r.Limit,
                resourceVersion: r.ResourceVersion, timeoutSeconds: r.TimeoutSeconds, watch: r.Watch ? true : null, cancellationToken: ct));

    public static IWatchSource<V1Node> Nodes(IKubernetes client, string? labelSelector) =>
        new ApiWatchSource<V1Node, V1NodeList>("nodes", (r, ct) =>
            client.CoreV1.ListNodeWithHttpMessagesAsync(
                allowWatchBookmarks: r.Watch ? true : null, continueParameter: r.Continue, labelSelector: labelSelector, limit: r.Limit,
                resourceVersion: r.ResourceVersion, timeoutSeconds: r.TimeoutSeconds, watch: r.Watch ? true : null, cancellationToken: ct));
}
