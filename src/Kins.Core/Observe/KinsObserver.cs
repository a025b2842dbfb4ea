using System.Globalization;
using Kins.Core.Model;
using Kins.Core.Plan;

namespace Kins.Core.Observe;

/// <summary>
/// Observe: a pure function from a NodeUnit and a <see cref="ClusterSnapshot"/> to the unit's kins state,
/// its server nodes and a per-component summary. It reads nothing from the cluster itself.
/// </summary>
public static class KinsObserver
{
    public static KinsObservation Observe(NodeUnit unit, ClusterSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(snapshot);
        var name = unit.Name;
        var objects = snapshot.ObjectsOf(name);
        var servers = objects.Values.Where(o => o.Kind == ObservedKind.Node).Select(o => o.Name).Order(StringComparer.Ordinal).ToList();
        var level = unit.Level;
        var components = Components(unit, level ?? AutonomyLevel.L3, objects, servers);
        var facts = new UnitFacts(unit, level, servers, objects, components, SiteManagerStatus.Failure(unit));
        var (state, reason) = Judge(facts);
        return new KinsObservation(state, reason, servers, components) { SiteManagerMessage = facts.Failure };
    }

    private static (KinsState, string) Judge(UnitFacts facts)
    {
        var unit = facts.Unit;
        if (unit.Metadata.DeletionTimestamp is { } deletion)
        {
            return (KinsState.Deleting, Deleting(facts, deletion));
        }
        if (facts.Level is not { } level)
        {
            return (KinsState.Failed, $"spec.autonomyLevel '{unit.Spec.AutonomyLevel}' is not L3, L4 or L5; site-manager ignores it. Set the level to L3, L4 or L5.");
        }
        if (!level.HasEdgeCluster())
        {
            var remaining = Remaining(facts);
            return remaining.Count == 0
                ? (KinsState.Standard, "Standard node pool (L3): no edge cluster objects remain.")
                : facts.Failure is not null
                    ? (KinsState.Failed, $"site-manager failed while demoting to L3: {facts.Failure}")
                    : (KinsState.Demoting, "Demoting to L3: site-manager has not yet removed " + string.Join(", ", remaining) + ".");
        }

        var pending = Pending(facts, level);
        if (pending.Count == 0)
        {
            return (KinsState.Ready, $"{level} edge cluster ready: {Plural(facts.Servers.Count, "server node")} ({string.Join(", ", facts.Servers)}), kubeconfig published.");
        }
        if (facts.Failure is not null)
        {
            return (KinsState.Failed, $"site-manager failed to set up the {level} edge cluster: {facts.Failure}");
        }
        return WasInstalled(facts, level)
            ? (KinsState.Degraded, $"The {level} edge cluster was installed, but " + string.Join(", ", pending) + ".")
            : (KinsState.Promoting, $"Promoting to {level}: waiting for " + string.Join(", ", pending) + ".");
    }

    /// <summary>
    /// site-manager sets the credential reference last, once everything is installed, and clears it on
    /// demotion: while it is set, anything missing or not ready is a degradation. An L4→L5 upgrade still
    /// choosing its servers is promotion, not degradation.
    /// </summary>
    private static bool WasInstalled(UnitFacts facts, AutonomyLevel level)
    {
        var upgrading = level == AutonomyLevel.L5 && facts.Servers.Count < level.RequiredServerNodes()
            && facts.Components.Any(c => c.Component == KinsComponent.JoinStatefulSet && !c.Present);
        return HasCredentialRef(facts.Unit) && !upgrading;
    }

    private static List<string> Pending(UnitFacts facts, AutonomyLevel level)
    {
        var pending = facts.Components.Where(c => c.Expected && !c.Ready).Select(c => $"{c.Kind} {c.Name} ({c.Detail})").ToList();
        var required = level.RequiredServerNodes();
        if (facts.Servers.Count < required)
        {
            pending.Add($"server role on {required} ready node(s) ({facts.Servers.Count} labelled)");
        }
        if (!HasCredentialRef(facts.Unit))
        {
            pending.Add("spec.unitCredentialConfigMapRef (not set)");
        }
        return pending;
    }

    private static List<string> Remaining(UnitFacts facts)
    {
        // Every labelled object counts, known or not: site-manager deletes by label. The Secret is not observed, so it never does.
        var remaining = facts.Objects.Values.Where(o => o.Kind != ObservedKind.Node)
            .OrderBy(o => o.Kind).ThenBy(o => o.Name, StringComparer.Ordinal)
            .Select(o => $"{o.Kind} {o.Name}").ToList();
        if (facts.Servers.Count > 0)
        {
            remaining.Add("the server role on " + string.Join(", ", facts.Servers));
        }
        if (HasCredentialRef(facts.Unit))
        {
            remaining.Add("spec.unitCredentialConfigMapRef");
        }
        return remaining;
    }

    private static string Deleting(UnitFacts facts, DateTime deletion)
    {
        var since = deletion.ToUniversalTime().ToString("u", CultureInfo.InvariantCulture);
        return facts.Level is { } level && level.HasEdgeCluster()
            ? $"Deletion requested at {since}, but site-manager keeps a {level} unit until its level is L3. Set the level to L3 (Remove-NodeUnit -Force does) to let the deletion finish."
            : $"Deletion requested at {since}; waiting for site-manager to tear down and remove its finalizer.";
    }

    private static List<KinsComponentStatus> Components(NodeUnit unit, AutonomyLevel level, IReadOnlyDictionary<ObjectKey, ObservedObject> objects, List<string> servers)
    {
        var name = unit.Name;
        var nodeCount = (unit.Status?.ReadyNodes?.Count ?? 0) + (unit.Status?.NotReadyNodes?.Count ?? 0);
        var agentHasNoNodes = nodeCount > 0 && nodeCount <= servers.Count;
        var expected = ExpectedObjects.For(name, level);
        var result = expected
            .Select(e => ComponentReadiness.Evaluate(e.Component, e.Kind, e.Name, true, objects.GetValueOrDefault(new ObjectKey(e.Kind, e.Name)), agentHasNoNodes))
            .ToList();
        var expectedKeys = expected.Select(e => new ObjectKey(e.Kind, e.Name)).ToHashSet();
        foreach (var leftover in objects.Values.Where(o => o.Kind != ObservedKind.Node && !expectedKeys.Contains(o.Key)).OrderBy(o => o.Kind).ThenBy(o => o.Name, StringComparer.Ordinal))
        {
            if (ExpectedObjects.ComponentOf(name, leftover.Kind, leftover.Name) is { } component)
            {
                result.Add(ComponentReadiness.Evaluate(component, leftover.Kind, leftover.Name, false, leftover, agentHasNoNodes));
            }
        }
        return result;
    }

    private static bool HasCredentialRef(NodeUnit unit) => !string.IsNullOrEmpty(unit.Spec.UnitCredentialConfigMapRef?.Name);

    private static string Plural(int count, string noun) => string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? string.Empty : "s")}");

    private sealed record UnitFacts(NodeUnit Unit, AutonomyLevel? Level, List<string> Servers, IReadOnlyDictionary<ObjectKey, ObservedObject> Objects, List<KinsComponentStatus> Components, string? Failure);
}
