using System.Globalization;
using System.Text.Json;
using Kins.Core.Model;
using Kins.Core.Plan;
using Kins.Core.SuperEdge;

namespace Kins.Core.Observe;

/// <summary>
/// Observe: a pure function from a NodeUnit, a <see cref="ClusterSnapshot"/> and a clock to the unit's kins state,
/// its server nodes and a per-component summary, by SITE-MANAGER.md's "How a client can judge a unit's state on a
/// real v0.9 cluster". It reads nothing from the cluster itself.
/// </summary>
public static class KinsObserver
{
    public static KinsObservation Observe(NodeUnit unit, ClusterSnapshot snapshot) => Observe(unit, snapshot, ObserveOptions.At());

    public static KinsObservation Observe(NodeUnit unit, ClusterSnapshot snapshot, ObserveOptions options)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(options);
        var name = unit.Name;
        var objects = snapshot.ObjectsOf(name);
        var roles = ServerRoles.Of(name, objects, snapshot);
        var level = unit.Level;
        var components = Components(name, level ?? AutonomyLevel.L3, objects);
        var facts = new UnitFacts(unit, level, roles, objects, components, SiteManagerStatus.LastFailure(unit), LevelChange.LastChange(unit), options);
        return Judge(facts);
    }

    private static KinsObservation Judge(UnitFacts facts)
    {
        var unit = facts.Unit;
        if (unit.Metadata.DeletionTimestamp is { } deletion)
        {
            return facts.Result(KinsState.Deleting, Deleting(facts, deletion), facts.Roles.Servers);
        }
        if (facts.Level is not { } level)
        {
            return facts.Result(KinsState.Failed, UnsupportedLevel(unit), facts.Roles.Servers);
        }
        return level.HasEdgeCluster() ? JudgePromoted(facts, level) : JudgeStandard(facts);
    }

    /// <summary>Rule 1 and rule 5: at L3 site-manager's status means nothing; demotion is complete when its objects are gone.</summary>
    private static KinsObservation JudgeStandard(UnitFacts facts)
    {
        var specNodes = (facts.Unit.Spec.Nodes ?? []).ToHashSet(StringComparer.Ordinal);
        // v0.9 removes kins-role only from nodes listed in spec.nodes (kins.go:566-578): there it is still to come.
        var pendingRoles = facts.Roles.Owned.Concat(facts.Roles.Unclaimed.Where(specNodes.Contains)).Order(StringComparer.Ordinal).ToList();
        var leftoverRoles = facts.Roles.Unclaimed.Where(n => !specNodes.Contains(n)).ToList();
        var notices = new List<string>();
        if (leftoverRoles.Count > 0)
        {
            notices.Add($"Node(s) {string.Join(", ", leftoverRoles)} keep the label {SuperEdgeNames.KinsRoleLabel}={SuperEdgeNames.KinsRoleServer}: SuperEdge v0.9 removes it only from nodes listed in spec.nodes, and any unit later promoted over them counts them as its K3s servers. Remove it: kubectl label node {string.Join(" ", leftoverRoles)} {SuperEdgeNames.KinsRoleLabel}-");
        }
        StaleFailureNotice(facts, notices);

        var remaining = facts.Objects.Values.Where(o => o.Kind is not (ObservedKind.Node or ObservedKind.Pod))
            .OrderBy(o => o.Kind).ThenBy(o => o.Name, StringComparer.Ordinal)
            .Select(o => $"{o.Kind} {o.Name}").ToList();
        var stopping = ServerPods(facts).ToList();
        if (pendingRoles.Count > 0)
        {
            remaining.Add("the server role on " + string.Join(", ", pendingRoles));
        }
        if (HasCredentialRef(facts.Unit))
        {
            remaining.Add("spec.unitCredentialConfigMapRef");
        }
        if (HasKinsTaint(facts.Unit))
        {
            remaining.Add($"the {SuperEdgeNames.KinsTaintKey} taint in spec.setNode.taints");
        }
        var observation = (remaining.Count, stopping.Count) switch
        {
            (0, 0) => facts.Result(KinsState.Standard, "Standard node pool (L3): no edge cluster objects remain.", pendingRoles),
            (0, _) => facts.Result(KinsState.Demoting, "Demoting to L3: every object is removed, but " + ServerPodsStopping(stopping), pendingRoles) with { OnlyServerPodsRemain = true },
            (_, 0) => facts.Result(KinsState.Demoting, "Demoting to L3: site-manager has not yet removed " + string.Join(", ", remaining) + ".", pendingRoles),
            _ => facts.Result(KinsState.Demoting, "Demoting to L3: site-manager has not yet removed " + string.Join(", ", remaining) + "; and " + ServerPodsStopping(stopping), pendingRoles),
        };
        return observation with { Notices = notices, LeftoverServerRoleNodes = leftoverRoles };
    }

    /// <summary>
    /// Rule 5's pods: a server pod goes after its StatefulSet, once its kubelet has run the preStop that wipes the K3s
    /// data and confirmed its end; a kubelet the cloud cannot reach confirms only when it is back, so the pod stays.
    /// </summary>
    private static string ServerPodsStopping(List<ObservedObject> pods) =>
        $"K3s server pod(s) {string.Join(", ", pods.Select(p => $"{p.Name} ({(p.Terminating ? "terminating" : "running")} on {NodeOf(p)})"))} are not gone yet: "
        + "the kubelet of the node runs the preStop that deletes the K3s data, then confirms. A node the cloud does not hear from confirms only once it is back, and wipes the data then.";

    /// <summary>
    /// Flaw 9: any stop of a server pod runs the preStop that deletes its K3s data. A promoted unit's server pod being
    /// deleted (evicted, drained, deleted by hand) takes the edge cluster's objects with it; on a cut site, when the link
    /// returns, as the cloud's taint-based eviction deletes the pods of nodes unreachable for 300 s.
    /// </summary>
    private static IEnumerable<string> ServerPodsBeingDeleted(UnitFacts facts) =>
        ServerPods(facts).Where(pod => pod.Terminating).Select(pod =>
            $"K3s server pod {pod.Name} on {NodeOf(pod)} is being deleted: when its kubelet stops it, its preStop deletes the K3s data "
            + "(SuperEdge v0.9, flaw 9) and the StatefulSet starts an empty K3s server, so the edge cluster loses what it holds. On a site cut off from "
            + "the cloud this happens when the link returns; the cloud deletes the server pods of nodes unreachable for 300 s (taint-based eviction) "
            + "unless SuperEdge's edge-health-admission is installed. Save what the edge cluster holds, from inside the site, before the link returns.");

    /// <summary>The unit's K3s server pods the snapshot holds, by name.</summary>
    private static IEnumerable<ObservedObject> ServerPods(UnitFacts facts) =>
        facts.Objects.Values.Where(o => o.Kind == ObservedKind.Pod).OrderBy(o => o.Name, StringComparer.Ordinal);

    private static string NodeOf(ObservedObject pod) => pod.ForNode ?? "no node";

    /// <summary>Rules 2-4: up wins over any Failed; a current Failed wins over progress.</summary>
    private static KinsObservation JudgePromoted(UnitFacts facts, AutonomyLevel level)
    {
        var servers = facts.Roles.Servers;
        var notices = new List<string>();
        var kept = KeptServers(facts, level, servers);
        if (kept is not null)
        {
            notices.Add(kept);
        }
        foreach (var (node, others) in facts.Roles.Shared)
        {
            // Flaw 13: units sharing a node; the server pods' anti-affinity lets only one of them run there.
            notices.Add($"Node {node} is a K3s server of {string.Join(", ", others)} as well (their PVs name it): one node runs one K3s server, so only one of these units' server pods can run there. Keep a promoted unit's nodes out of other units.");
        }
        notices.AddRange(ServerPodsBeingDeleted(facts));
        var pending = Pending(facts, level, servers);
        if (pending.Count == 0)
        {
            StaleFailureNotice(facts, notices);
            var reason = kept is null
                ? $"{level} edge cluster up: {Plural(servers.Count, "K3s server")} ({string.Join(", ", servers)}), every pod ready, kubeconfig published."
                : $"{level} edge cluster up with the {servers.Count} K3s servers kept from L5 ({string.Join(", ", servers)}): every pod ready, kubeconfig published.";
            return facts.Result(KinsState.Ready, reason, servers) with { Notices = notices };
        }
        var configMapCreated = facts.Objects.GetValueOrDefault(new ObjectKey(ObservedKind.ConfigMap, SuperEdgeNames.KinsConfigMap(facts.Unit.Name)))?.Created;
        if (FailureCurrency.IsCurrent(facts.Failure, facts.LevelChangedAt, configMapCreated, facts.Options))
        {
            return facts.Result(KinsState.Failed, $"site-manager fails to set up the {level} edge cluster: {facts.Failure!.Message}", servers) with
            {
                SiteManagerMessage = facts.Failure.Message,
                FailureIsCurrent = true,
                Notices = notices,
            };
        }
        StaleFailureNotice(facts, notices);
        var upgrading = level == AutonomyLevel.L5
            && (servers.Count < level.RequiredServerNodes() || facts.Components.Any(c => c.Component == KinsComponent.JoinStatefulSet && !c.Present));
        var gone = facts.Components.Where(c => c.Expected && !c.Present).ToList();
        if (HasCredentialRef(facts.Unit) && !upgrading && (gone.Count > 0 || servers.Count < level.RequiredServerNodes()))
        {
            // The reference is written once every object was created (flaw 3): a missing one was removed since.
            return facts.Result(KinsState.Degraded, $"The {level} edge cluster's objects were all created, but " + string.Join(", ", pending) + ".", servers) with { Notices = notices };
        }
        var waiting = HasCredentialRef(facts.Unit)
            ? $"Promoting to {level}: every object is created; waiting for " + string.Join(", ", pending) + "."
            : $"Promoting to {level}: waiting for " + string.Join(", ", pending) + ".";
        return facts.Result(KinsState.Promoting, waiting, servers) with { Notices = notices };
    }

    /// <summary>Rule 4, "up": the ref and ConfigMap, every workload ready, the servers the level needs.</summary>
    private static List<string> Pending(UnitFacts facts, AutonomyLevel level, IReadOnlyList<string> servers)
    {
        var pending = facts.Components.Where(c => c.Expected && !c.Ready).Select(c => $"{c.Kind} {c.Name} ({c.Detail})").ToList();
        // A join StatefulSet kept from L5 runs servers too: down, it is not up.
        pending.AddRange(facts.Components.Where(c => !c.Expected && c.Component == KinsComponent.JoinStatefulSet && !c.Ready).Select(c => $"{c.Kind} {c.Name} ({c.Detail})"));
        var required = level.RequiredServerNodes();
        if (servers.Count < required)
        {
            pending.Add($"server role on {required} ready node(s) ({servers.Count} labelled)");
        }
        if (!HasCredentialRef(facts.Unit))
        {
            pending.Add("spec.unitCredentialConfigMapRef (not set)");
        }
        return pending;
    }

    /// <summary>Flaw 10: L5 to L4 removes nothing; the unit keeps its three servers and the join StatefulSet.</summary>
    private static string? KeptServers(UnitFacts facts, AutonomyLevel level, IReadOnlyList<string> servers)
    {
        var join = facts.Components.FirstOrDefault(c => c.Component == KinsComponent.JoinStatefulSet && !c.Expected);
        if (level != AutonomyLevel.L4 || (join is null && servers.Count <= 1))
        {
            return null;
        }
        var name = facts.Unit.Name;
        return $"L4 normally runs one K3s server (embedded etcd), but this unit keeps {Plural(servers.Count, "server")} ({string.Join(", ", servers)})" +
            (join is null ? string.Empty : $" and StatefulSet {join.Name}") +
            $": SuperEdge v0.9 removes nothing when going from L5 to L4. To run one server, demote to L3 (this destroys the edge cluster) and promote to L4: Set-NodeUnitAutonomy -Name {name} -Level L3 -Wait; Set-NodeUnitAutonomy -Name {name} -Level L4 -Wait";
    }

    private static void StaleFailureNotice(UnitFacts facts, List<string> notices)
    {
        if (facts.Failure is { } failure)
        {
            var at = failure.ProbeTime is { } t ? " at " + t.UtcDateTime.ToString("u", CultureInfo.InvariantCulture) : string.Empty;
            notices.Add($"status.unitClusterStatus.phase is Failed (\"{failure.Message}\"{at}) from an earlier pass; SuperEdge v0.9 never clears it, so it does not count now.");
        }
    }

    private static string UnsupportedLevel(NodeUnit unit)
    {
        var stored = JsonSerializer.Serialize(unit.Spec.AutonomyLevel);
        var meant = AutonomyLevels.TryParse(unit.Spec.AutonomyLevel, out var parsed) ? parsed.ToSpecValue() : "L3";
        return $"spec.autonomyLevel is {stored}, not exactly L3, L4 or L5: site-manager ignores it (installs and removes nothing) and refuses to let the unit be deleted. " +
            $"Set an exact level: Set-NodeUnitAutonomy -Name {unit.Name} -Level {meant}";
    }

    private static string Deleting(UnitFacts facts, DateTime deletion)
    {
        var since = deletion.ToUniversalTime().ToString("u", CultureInfo.InvariantCulture);
        return facts.Level switch
        {
            { } level when level.HasEdgeCluster() =>
                $"Deletion requested at {since}, but site-manager keeps a {level} unit until its level is L3. Set the level to L3 (Remove-NodeUnit -Force does) to let the deletion finish.",
            null =>
                $"Deletion requested at {since}, but site-manager keeps the unit while spec.autonomyLevel is {JsonSerializer.Serialize(facts.Unit.Spec.AutonomyLevel)}, which is not exactly L3. Set the level to L3 (Remove-NodeUnit -Force does) to let the deletion finish.",
            _ => $"Deletion requested at {since}; waiting for site-manager to tear down and remove its finalizer.",
        };
    }

    private static List<KinsComponentStatus> Components(string name, AutonomyLevel level, IReadOnlyDictionary<ObjectKey, ObservedObject> objects)
    {
        var expected = ExpectedObjects.For(name, level);
        var result = expected
            .Select(e => ComponentReadiness.Evaluate(e.Component, e.Kind, e.Name, true, objects.GetValueOrDefault(new ObjectKey(e.Kind, e.Name))))
            .ToList();
        var expectedKeys = expected.Select(e => new ObjectKey(e.Kind, e.Name)).ToHashSet();
        foreach (var leftover in objects.Values.Where(o => o.Kind != ObservedKind.Node && !expectedKeys.Contains(o.Key)).OrderBy(o => o.Kind).ThenBy(o => o.Name, StringComparer.Ordinal))
        {
            if (ExpectedObjects.ComponentOf(name, leftover.Kind, leftover.Name) is { } component)
            {
                result.Add(ComponentReadiness.Evaluate(component, leftover.Kind, leftover.Name, false, leftover));
            }
        }
        return result;
    }

    private static bool HasCredentialRef(NodeUnit unit) => !string.IsNullOrEmpty(unit.Spec.UnitCredentialConfigMapRef?.Name);

    private static bool HasKinsTaint(NodeUnit unit) => unit.Spec.SetNode?.Taints?.Any(t => t.Key == SuperEdgeNames.KinsTaintKey) == true;

    private static string Plural(int count, string noun) => string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? string.Empty : "s")}");

    private sealed record UnitFacts(NodeUnit Unit, AutonomyLevel? Level, ServerRoles Roles, IReadOnlyDictionary<ObjectKey, ObservedObject> Objects,
        List<KinsComponentStatus> Components, SiteManagerFailure? Failure, DateTimeOffset? LevelChangedAt, ObserveOptions Options)
    {
        public KinsObservation Result(KinsState state, string reason, IReadOnlyList<string> servers) =>
            new(state, reason, servers, Components) { LastFailure = Failure };
    }
}
