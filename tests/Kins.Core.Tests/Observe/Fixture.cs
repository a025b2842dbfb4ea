using k8s;
using k8s.Models;
using Kins.Core.Model;
using Kins.Core.Observe;
using Kins.Core.SuperEdge;

namespace Kins.Core.Tests.Observe;

/// <summary>A hand-written YAML fixture (Observe/Fixtures): one NodeUnit and the cluster objects around it.</summary>
internal sealed class Fixture
{
    private static readonly Dictionary<string, Type> TypeMap = new()
    {
        [SuperEdgeNames.ApiVersion + "/" + SuperEdgeNames.Kind] = typeof(NodeUnit),
        ["v1/Node"] = typeof(V1Node),
        ["v1/Service"] = typeof(V1Service),
        ["v1/ConfigMap"] = typeof(V1ConfigMap),
        ["v1/Secret"] = typeof(V1Secret),
        ["v1/PersistentVolume"] = typeof(V1PersistentVolume),
        ["apps/v1/StatefulSet"] = typeof(V1StatefulSet),
        ["apps/v1/DaemonSet"] = typeof(V1DaemonSet),
        ["v1/Pod"] = typeof(V1Pod),
    };

    private Fixture(NodeUnit unit, List<IKubernetesObject<V1ObjectMeta>> objects)
    {
        Unit = unit;
        Objects = objects;
    }

    public NodeUnit Unit { get; }
    public List<IKubernetesObject<V1ObjectMeta>> Objects { get; }

    /// <summary>Loads a fixture; <paramref name="unitName"/> renames the fixture's unit "test" (names, labels) and its nodes.</summary>
    public static Fixture Load(string name, string? unitName = null)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Observe", "Fixtures", name));
        if (unitName is not null)
        {
            text = text.Replace("test", unitName, StringComparison.Ordinal);
            // Each unit gets its own nodes, as units in one cluster do.
            text = System.Text.RegularExpressions.Regex.Replace(text, @"\bedge(\d)", unitName + "-edge$1");
        }
        var documents = KubernetesYaml.LoadAllFromString(text, TypeMap);
        var unit = documents.OfType<NodeUnit>().Single();
        return new Fixture(unit, documents.Where(d => d is not NodeUnit).Cast<IKubernetesObject<V1ObjectMeta>>().ToList());
    }

    public T Get<T>(string name) where T : IKubernetesObject<V1ObjectMeta> => Objects.OfType<T>().Single(o => o.Metadata.Name == name);

    public Fixture Without<T>(string name) where T : IKubernetesObject<V1ObjectMeta>
    {
        Objects.Remove(Get<T>(name));
        return this;
    }

    /// <summary>A snapshot holding this fixture's objects (and any others), built the way watch events update one.</summary>
    public ClusterSnapshot Snapshot(params Fixture[] others)
    {
        var snapshot = new ClusterSnapshot();
        foreach (var item in Objects.Concat(others.SelectMany(o => o.Objects)))
        {
            snapshot.Apply(WatchEventType.Added, item);
        }
        return snapshot;
    }

    public KinsObservation Observe(params Fixture[] others) => KinsObserver.Observe(Unit, Snapshot(others));

    /// <summary>Observes at a given time (the fixtures' failures are written around 2024-05-01 10:00 UTC).</summary>
    public KinsObservation ObserveAt(DateTimeOffset now, params Fixture[] others) =>
        KinsObserver.Observe(Unit, Snapshot(others), new ObserveOptions(now, SuperEdgeNames.DefaultSyncPeriod));
}
