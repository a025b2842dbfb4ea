using k8s;
using k8s.Models;
using Kins.Core.Model;
using Kins.Core.Observe;
using Kins.Core.SuperEdge;
using Kins.Core.Watching;

namespace Kins.Core.Reconcile;

/// <summary>The label-selected lists and watches a <see cref="ClusterWatch"/> keeps: NodeUnits, the kins objects, the server nodes, their volumes and pods.</summary>
internal sealed record ClusterWatchSources(
    IWatchSource<NodeUnit> NodeUnits,
    IWatchSource<V1StatefulSet> StatefulSets,
    IWatchSource<V1DaemonSet> DaemonSets,
    IWatchSource<V1Service> Services,
    IWatchSource<V1ConfigMap> ConfigMaps,
    IWatchSource<V1Node> Nodes,
    IWatchSource<V1PersistentVolume> PersistentVolumes,
    IWatchSource<V1Pod> Pods)
{
    public static ClusterWatchSources For(IKubernetes client)
    {
        var selector = SuperEdgeNames.AllKinsResourcesSelector;
        return new(WatchSources.NodeUnits(client), WatchSources.StatefulSets(client, selector), WatchSources.DaemonSets(client, selector),
            WatchSources.Services(client, selector), WatchSources.ConfigMaps(client, selector), WatchSources.Nodes(client, ClusterSnapshotLoader.ServerNodeSelector),
            ObservedSources.PersistentVolumes(client, ObservedSources.ServerVolumeSelector), WatchSources.Pods(client, SuperEdgeNames.AllServerPodsSelector));
    }
}
