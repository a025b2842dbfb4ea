using Kins.Core.Model;
using Kins.Core.SuperEdge;

namespace Kins.Core.Plan;

/// <summary>
/// What an autonomy level means for one unit: the objects and node roles that must exist (L4/L5)
/// or must be gone (L3), as Kins reads SITE-MANAGER.md. Observe compares a cluster with them; the sandbox's
/// site-manager does not use them (it emulates SuperEdge's own code paths), so a misreading cannot hide in both.
/// </summary>
public sealed class KinsPlan
{
    private KinsPlan(string unit, AutonomyLevel level, IReadOnlyList<string> serverNodes, IReadOnlyList<PlannedObject> objects)
    {
        Unit = unit;
        Level = level;
        ServerNodes = serverNodes;
        Objects = objects;
    }

    public string Unit { get; }
    public AutonomyLevel Level { get; }
    public IReadOnlyList<string> ServerNodes { get; }
    /// <summary>Objects that must exist; empty for L3 (everything labelled for the unit must be gone, but the Secret may stay).</summary>
    public IReadOnlyList<PlannedObject> Objects { get; }

    /// <summary>
    /// Chooses the server nodes as site-manager does: the first <c>RequiredServerNodes</c> of the unit's
    /// ready nodes in name order, keeping nodes that already carry the server role first so a re-plan is stable.
    /// </summary>
    public static IReadOnlyList<string> ChooseServerNodes(AutonomyLevel level, IEnumerable<string> readyNodes, IEnumerable<string>? currentServers = null)
    {
        ArgumentNullException.ThrowIfNull(readyNodes);
        var ready = readyNodes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var keep = (currentServers ?? []).Where(ready.Contains).Order(StringComparer.Ordinal);
        return keep.Concat(ready).Distinct(StringComparer.Ordinal).Take(level.RequiredServerNodes()).ToList();
    }

    /// <summary>Builds the plan; throws <see cref="InsufficientReadyNodesException"/> when the unit has too few ready nodes.</summary>
    public static KinsPlan For(string unit, AutonomyLevel level, IEnumerable<string> readyNodes, IEnumerable<string>? currentServers = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(unit);
        if (!level.HasEdgeCluster())
        {
            return new KinsPlan(unit, level, [], []);
        }
        var servers = ChooseServerNodes(level, readyNodes, currentServers);
        if (servers.Count < level.RequiredServerNodes())
        {
            throw new InsufficientReadyNodesException(unit, level, servers.Count);
        }

        const string ns = SuperEdgeNames.KinsNamespace;
        var objects = new List<PlannedObject>();
        objects.AddRange(servers.Select(n => new PlannedObject(KinsComponent.ServerRole, "v1", "Node", null, n)));
        objects.Add(new(KinsComponent.StorageClass, "storage.k8s.io/v1", "StorageClass", null, SuperEdgeNames.StorageClassName));
        objects.AddRange(servers.Select(n => new PlannedObject(KinsComponent.PersistentVolume, "v1", "PersistentVolume", null, SuperEdgeNames.LocalPersistentVolume(unit, n))));
        objects.Add(new(KinsComponent.Secret, "v1", "Secret", ns, SuperEdgeNames.KinsSecret(unit)));
        objects.Add(new(KinsComponent.CriDaemonSet, "apps/v1", "DaemonSet", ns, SuperEdgeNames.CriDaemonSet(unit)));
        objects.Add(new(KinsComponent.InitService, "v1", "Service", ns, SuperEdgeNames.KinsInitService(unit)));
        objects.Add(new(KinsComponent.ServerStatefulSet, "apps/v1", "StatefulSet", ns, SuperEdgeNames.ServerStatefulSet(unit)));
        if (level == AutonomyLevel.L5)
        {
            objects.Add(new(KinsComponent.JoinStatefulSet, "apps/v1", "StatefulSet", ns, SuperEdgeNames.JoinStatefulSet(unit)));
        }
        objects.Add(new(KinsComponent.Service, "v1", "Service", ns, SuperEdgeNames.KinsService(unit)));
        objects.Add(new(KinsComponent.AgentDaemonSet, "apps/v1", "DaemonSet", ns, SuperEdgeNames.AgentDaemonSet(unit)));
        objects.Add(new(KinsComponent.ConfigMap, "v1", "ConfigMap", ns, SuperEdgeNames.KinsConfigMap(unit)));
        return new KinsPlan(unit, level, servers, objects);
    }

    /// <summary>Replicas of the server StatefulSets: 1 for the init server, 2 joining servers at L5.</summary>
    public static int ServerReplicas => 1;
    public static int JoinReplicas => 2;
}
