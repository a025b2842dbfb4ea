using System.Collections.Concurrent;
using Kins.Core.Model;
using Kins.Core.Plan;
using Kins.Core.SuperEdge;

namespace Kins.Core.Observe;

/// <summary>One object Observe checks: what it is and where it lives.</summary>
internal sealed record ExpectedObject(KinsComponent Component, ObservedKind Kind, string Name);

/// <summary>
/// The objects in kins-system a level needs, taken from <see cref="KinsPlan"/>. Node roles, PVs, the StorageClass and
/// the Secret are not components (the Secret legitimately outlives a demotion; server nodes and their PVs are judged
/// by <see cref="ServerRoles"/>).
/// </summary>
internal static class ExpectedObjects
{
    private static readonly Dictionary<string, ObservedKind> Kinds = new(StringComparer.Ordinal)
    {
        ["StatefulSet"] = ObservedKind.StatefulSet,
        ["DaemonSet"] = ObservedKind.DaemonSet,
        ["Service"] = ObservedKind.Service,
        ["ConfigMap"] = ObservedKind.ConfigMap,
    };

    // A pure function of (unit, level) judged at every event of a waiting unit: built once (bounded, for long sessions).
    private const int CacheLimit = 20_000;
    private static readonly ConcurrentDictionary<(string Unit, AutonomyLevel Level), IReadOnlyList<ExpectedObject>> Cache = new();

    public static IReadOnlyList<ExpectedObject> For(string unit, AutonomyLevel level)
    {
        if (!level.HasEdgeCluster())
        {
            return [];
        }
        if (Cache.TryGetValue((unit, level), out var cached))
        {
            return cached;
        }
        if (Cache.Count >= CacheLimit)
        {
            Cache.Clear();
        }
        return Cache[(unit, level)] = Build(unit, level);
    }

    private static ExpectedObject[] Build(string unit, AutonomyLevel level)
    {
        // Server nodes only name the PVs and roles, which are filtered out: placeholders keep the plan buildable.
        var placeholders = Enumerable.Range(1, level.RequiredServerNodes()).Select(i => "node-" + i);
        return KinsPlan.For(unit, level, placeholders).Objects
            .Where(o => o.Namespace == SuperEdgeNames.KinsNamespace && o.Component != KinsComponent.Secret && Kinds.ContainsKey(o.Kind))
            .Select(o => new ExpectedObject(o.Component, Kinds[o.Kind], o.Name))
            .ToArray();
    }

    /// <summary>Which component a labelled object is, judged by its name; null for objects Kins does not know.</summary>
    public static KinsComponent? ComponentOf(string unit, ObservedKind kind, string name) => kind switch
    {
        ObservedKind.StatefulSet when name == SuperEdgeNames.ServerStatefulSet(unit) => KinsComponent.ServerStatefulSet,
        ObservedKind.StatefulSet when name == SuperEdgeNames.JoinStatefulSet(unit) => KinsComponent.JoinStatefulSet,
        ObservedKind.DaemonSet when name == SuperEdgeNames.AgentDaemonSet(unit) => KinsComponent.AgentDaemonSet,
        ObservedKind.DaemonSet when name == SuperEdgeNames.CriDaemonSet(unit) => KinsComponent.CriDaemonSet,
        ObservedKind.Service when name == SuperEdgeNames.KinsService(unit) => KinsComponent.Service,
        ObservedKind.Service when name == SuperEdgeNames.KinsInitService(unit) => KinsComponent.InitService,
        ObservedKind.ConfigMap when name == SuperEdgeNames.KinsConfigMap(unit) => KinsComponent.ConfigMap,
        _ => null,
    };
}
