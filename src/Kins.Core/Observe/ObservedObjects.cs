using k8s;
using k8s.Models;
using Kins.Core.SuperEdge;

namespace Kins.Core.Observe;

/// <summary>Projects Kubernetes objects to <see cref="ObservedObject"/>; null when the object is not one site-manager made for a unit.</summary>
internal static class ObservedObjects
{
    public static ObservedObject? From(IKubernetesObject<V1ObjectMeta> item) => item switch
    {
        V1StatefulSet s => Labelled(s, ObservedKind.StatefulSet, s.Spec?.Replicas ?? 1, s.Status?.ReadyReplicas ?? 0),
        V1DaemonSet d => Labelled(d, ObservedKind.DaemonSet, d.Status?.DesiredNumberScheduled ?? 0, d.Status?.NumberReady ?? 0),
        V1Service s => Labelled(s, ObservedKind.Service),
        V1ConfigMap c => Labelled(c, ObservedKind.ConfigMap, hasKubeconfig:
            c.Data is { } data && data.TryGetValue(SuperEdgeNames.KubeconfigKey, out var text) && !string.IsNullOrWhiteSpace(text)),
        V1Node n => ServerNode(n),
        V1PersistentVolume v => ServerVolume(v),
        V1Pod p => ServerPod(p),
        _ => null,
    };

    /// <summary>The kind a Kubernetes object maps to, for deletions (which need no projection).</summary>
    public static ObservedKind? KindOf(IKubernetesObject<V1ObjectMeta> item) => item switch
    {
        V1StatefulSet => ObservedKind.StatefulSet,
        V1DaemonSet => ObservedKind.DaemonSet,
        V1Service => ObservedKind.Service,
        V1ConfigMap => ObservedKind.ConfigMap,
        V1Node => ObservedKind.Node,
        V1PersistentVolume => ObservedKind.PersistentVolume,
        V1Pod => ObservedKind.Pod,
        _ => null,
    };

    /// <summary>Unit names from the membership labels <c>&lt;unit&gt;=nodeunits.superedge.io</c>.</summary>
    public static IReadOnlyList<string> UnitsOf(IDictionary<string, string>? labels) =>
        labels is null
            ? []
            : labels.Where(l => l.Value == SuperEdgeNames.MembershipLabelValue).Select(l => l.Key).Order(StringComparer.Ordinal).ToList();

    private static ObservedObject? Labelled(IKubernetesObject<V1ObjectMeta> item, ObservedKind kind, int desired = 0, int ready = 0, bool hasKubeconfig = false, string? ns = SuperEdgeNames.KinsNamespace)
    {
        var meta = item.Metadata;
        var labels = meta?.Labels;
        if (meta?.Name is null || meta.NamespaceProperty != ns
            || labels is null || !labels.TryGetValue(SuperEdgeNames.KinsResourceLabel, out var value) || value != SuperEdgeNames.KinsResourceLabelValue)
        {
            return null;
        }
        var units = UnitsOf(labels);
        var created = meta.CreationTimestamp is { } c ? new DateTimeOffset(DateTime.SpecifyKind(c.ToUniversalTime(), DateTimeKind.Utc)) : (DateTimeOffset?)null;
        return units.Count == 0 ? null : new ObservedObject(kind, meta.Name, units, desired, ready, hasKubeconfig, Created: created);
    }

    /// <summary>
    /// A labelled PV (cluster-scoped) and the node it is pinned to: its required node affinity (kubernetes.io/hostname),
    /// else the name's tail after <c>&lt;unit&gt;-local-pv-</c> (SITE-MANAGER.md, install step 4).
    /// </summary>
    private static ObservedObject? ServerVolume(V1PersistentVolume volume)
    {
        if (Labelled(volume, ObservedKind.PersistentVolume, ns: null) is not { } observed)
        {
            return null;
        }
        var affinity = volume.Spec?.NodeAffinity?.Required?.NodeSelectorTerms?
            .SelectMany(t => t.MatchExpressions ?? [])
            .FirstOrDefault(e => e.Key == SuperEdgeNames.HostnameLabel && e.OperatorProperty == "In" && e.Values?.Count == 1)?.Values[0];
        var fromName = observed.Units
            .Select(u => SuperEdgeNames.LocalPersistentVolumePrefix(u))
            .Where(p => observed.Name.Length > p.Length && observed.Name.StartsWith(p, StringComparison.Ordinal))
            .Select(p => observed.Name[p.Length..])
            .FirstOrDefault();
        return observed with { ForNode = affinity ?? fromName };
    }

    /// <summary>A server pod in kins-system, by its unit label (server pods carry no membership label), with its node and whether it is terminating.</summary>
    private static ObservedObject? ServerPod(V1Pod pod)
    {
        var meta = pod.Metadata;
        if (meta?.Name is null || meta.NamespaceProperty != SuperEdgeNames.KinsNamespace
            || meta.Labels is null || !meta.Labels.TryGetValue(SuperEdgeNames.UnitPodLabel, out var unit) || string.IsNullOrEmpty(unit))
        {
            return null;
        }
        return new ObservedObject(ObservedKind.Pod, meta.Name, [unit], ForNode: pod.Spec?.NodeName, Terminating: meta.DeletionTimestamp is not null);
    }

    private static ObservedObject? ServerNode(V1Node node)
    {
        var labels = node.Metadata?.Labels;
        if (node.Metadata?.Name is null || labels is null
            || !labels.TryGetValue(SuperEdgeNames.KinsRoleLabel, out var role) || role != SuperEdgeNames.KinsRoleServer)
        {
            return null;
        }
        var units = UnitsOf(labels);
        return units.Count == 0 ? null : new ObservedObject(ObservedKind.Node, node.Metadata.Name, units);
    }
}
