using k8s.Models;
using Kins.Core.Model;
using Kins.Core.Reconcile;
using Kins.Core.Tests.TestSupport;
using Kins.Core.Tests.Watching;
using Kins.Core.Watching;

namespace Kins.Core.Tests.Reconcile;

/// <summary>The scripted sources of a <see cref="ClusterWatch"/>, on a manual clock.</summary>
internal sealed class FakeCluster
{
    public ManualClock Clock { get; } = new();
    public FakeWatchSource<NodeUnit> Units { get; } = new("nodeunits (fake)");
    public FakeWatchSource<V1StatefulSet> StatefulSets { get; } = new("statefulsets (fake)");
    public FakeWatchSource<V1DaemonSet> DaemonSets { get; } = new("daemonsets (fake)");
    public FakeWatchSource<V1Service> Services { get; } = new("services (fake)");
    public FakeWatchSource<V1ConfigMap> ConfigMaps { get; } = new("configmaps (fake)");
    public FakeWatchSource<V1Node> Nodes { get; } = new("nodes (fake)");
    public FakeWatchSource<V1PersistentVolume> PersistentVolumes { get; } = new("persistentvolumes (fake)");
    public FakeWatchSource<V1Pod> Pods { get; } = new("pods (fake)");

    public ClusterWatchSources Sources => new(Units, StatefulSets, DaemonSets, Services, ConfigMaps, Nodes, PersistentVolumes, Pods);

    public ClusterWatchOptions Options => new()
    {
        Informers = new InformerOptions { Time = Clock, Random = new Random(3) },
        LostAfter = TimeSpan.FromSeconds(30),
    };

    public static NodeUnit Unit(string name, string level, string version) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, ResourceVersion = version },
        Spec = new NodeUnitSpec { AutonomyLevel = level },
    };
}
