using k8s;
using k8s.Models;
using Kins.Core.SuperEdge;
using Kins.Core.Watching;

namespace Kins.Core.Observe;

/// <summary>Sources Observe adds to the shared watch sources: the labelled server PVs, which say whose server a node is.</summary>
internal static class ObservedSources
{
    public static IWatchSource<V1PersistentVolume> PersistentVolumes(IKubernetes client, string labelSelector) =>
        new ApiWatchSource<V1PersistentVolume, V1PersistentVolumeList>("persistentvolumes", (r, ct) =>
            client.CoreV1.ListPersistentVolumeWithHttpMessagesAsync(
                allowWatchBookmarks: r.Watch ? true : null, continueParameter: r.Continue, labelSelector: labelSelector, limit: r.Limit,
                resourceVersion: r.ResourceVersion, timeoutSeconds: r.TimeoutSeconds, watch: r.Watch ? true : null, cancellationToken: ct));

    /// <summary>Selects every PV site-manager made for any unit.</summary>
    public static string ServerVolumeSelector => SuperEdgeNames.AllKinsResourcesSelector;
}
