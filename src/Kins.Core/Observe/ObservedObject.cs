namespace Kins.Core.Observe;

/// <summary>The kinds Observe reads: the labelled workloads, Services, ConfigMaps and server PVs, and server nodes.</summary>
internal enum ObservedKind
{
    StatefulSet,
    DaemonSet,
    Service,
    ConfigMap,
    Node,
    /// <summary>A server's PV <c>&lt;unit&gt;-local-pv-&lt;node&gt;</c>: it names the unit and the node whose server it holds.</summary>
    PersistentVolume,
    /// <summary>
    /// A K3s server pod (label <c>site.superedge.io/nodeunit=&lt;unit&gt;</c>): after a demotion it lingers while it
    /// terminates, and its preStop wipes the server's data on its node (SITE-MANAGER.md, rule 5).
    /// </summary>
    Pod,
}

/// <summary>
/// The few facts Observe needs from one object, so a snapshot of thousands of units stays small
/// (a ConfigMap keeps whether it has kubeconfig.conf, not the kubeconfig and its token).
/// </summary>
/// <param name="Units">The units whose membership label (<c>&lt;unit&gt;=nodeunits.superedge.io</c>) it carries.</param>
/// <param name="Desired">Workloads: replicas wanted (StatefulSet spec.replicas, DaemonSet desiredNumberScheduled).</param>
/// <param name="Ready">Workloads: readyReplicas or numberReady.</param>
/// <param name="HasKubeconfig">ConfigMaps: a non-empty kubeconfig.conf key.</param>
/// <param name="ForNode">PersistentVolumes: the node the volume is pinned to (the server it holds data for); Pods: the node it runs on.</param>
/// <param name="Created">metadata.creationTimestamp: when site-manager's pass created it.</param>
/// <param name="Terminating">Pods: deleted (deletionTimestamp set), its kubelet not yet done stopping it.</param>
internal sealed record ObservedObject(ObservedKind Kind, string Name, IReadOnlyList<string> Units, int Desired = 0, int Ready = 0, bool HasKubeconfig = false,
    string? ForNode = null, DateTimeOffset? Created = null, bool Terminating = false)
{
    public ObjectKey Key => new(Kind, Name);

    /// <summary>Whether <paramref name="other"/> says the same of the object (the generated Equals compares Units by reference).</summary>
    public bool SameFacts(ObservedObject? other) =>
        other is not null && this == other with { Units = Units } && Units.SequenceEqual(other.Units, StringComparer.Ordinal);
}

internal readonly record struct ObjectKey(ObservedKind Kind, string Name);
