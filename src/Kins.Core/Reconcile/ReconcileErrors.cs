using Kins.Core.Connection;
using Kins.Core.Errors;
using Kins.Core.Model;
using Kins.Core.Observe;
using Kins.Core.SuperEdge;

namespace Kins.Core.Reconcile;

/// <summary>The failures of promotion, demotion and removal, each saying what to do next.</summary>
internal static class ReconcileErrors
{
    public static KinsException InsufficientReadyNodes(string unit, AutonomyLevel level, IReadOnlyCollection<string> ready, IReadOnlyCollection<string> notReady) =>
        new(KinsErrorIds.InsufficientReadyNodes, KinsErrorCategory.InvalidOperation,
            $"NodeUnit '{unit}' has {ready.Count} ready node(s){List(ready)}; {level.ToSpecValue()} needs at least {level.RequiredServerNodes()}, from which site-manager picks the K3s servers" +
            (notReady.Count > 0 ? $". Not ready: {string.Join(", ", notReady)}." : "."), unit)
        {
            RecommendedAction = level == AutonomyLevel.L5
                ? "Bring more nodes of the unit to Ready, add nodes to it, or promote to L4 (one server) instead."
                : "Bring a node of the unit to Ready, or add a ready node to the unit.",
        };

    public static KinsException ServerNodeUnschedulable(string unit, AutonomyLevel level, IReadOnlyDictionary<string, IReadOnlyList<string>> blocked) =>
        new(KinsErrorIds.ServerNodeUnschedulable, KinsErrorCategory.InvalidOperation,
            $"NodeUnit '{unit}' at {level.ToSpecValue()} would have its K3s server on " +
            string.Join("; ", blocked.Select(b => $"node {b.Key}, but {string.Join(" and ", b.Value)}")) +
            ". The server pods tolerate only the kins taint, so the server would stay Pending and the unit Promoting. site-manager picks the members already labelled " +
            $"{SuperEdgeNames.KinsRoleLabel}={SuperEdgeNames.KinsRoleServer} first, then its ready nodes in name order, whatever their taints. Nothing was changed.", unit)
        {
            RecommendedAction = $"Uncordon the node (kubectl uncordon <node>) or remove the taint (kubectl taint node <node> <key>:<effect>-), then promote again.",
        };

    public static KinsException Deleting(string unit, DateTime? since) =>
        new(KinsErrorIds.NodeUnitDeleting, KinsErrorCategory.InvalidOperation,
            $"NodeUnit '{unit}' is being deleted{(since is { } s ? $" (since {s:u})" : string.Empty)}; it cannot be promoted.", unit)
        {
            RecommendedAction = $"Let the deletion finish: Remove-NodeUnit -Name {unit} -Force (demotes it to L3 so site-manager releases it).",
        };

    public static KinsException HasEdgeCluster(string unit, string level, bool stuckDeleting) =>
        new(KinsErrorIds.NodeUnitHasEdgeCluster, KinsErrorCategory.InvalidOperation,
            stuckDeleting
                ? $"NodeUnit '{unit}' is stuck in Deleting: it was deleted at {level}, and site-manager keeps it until it is demoted to L3. Nothing was changed."
                : $"NodeUnit '{unit}' is at {level} and runs an edge K3s cluster; deleting it now would leave it stuck in Deleting. Nothing was changed.", unit)
        {
            RecommendedAction = $"Use Remove-NodeUnit -Name {unit} -Force to demote it (destroying its edge cluster), wait for the teardown and delete it; or demote it first with Set-NodeUnitAutonomy -Name {unit} -Level L3 -Wait.",
        };

    public static KinsException PromotionFailed(string unit, AutonomyLevel level, KinsObservation observation) =>
        new(KinsErrorIds.KinsPromotionFailed, KinsErrorCategory.InvalidResult,
            $"site-manager could not promote NodeUnit '{unit}' to {level.ToSpecValue()}: {observation.SiteManagerMessage ?? observation.Reason}", unit)
        {
            RecommendedAction = $"Fix the cause, then run Set-NodeUnitAutonomy -Name {unit} -Level {level.ToSpecValue()} -Wait again (Get-NodeUnit {unit} | Format-List shows the details).",
        };

    /// <summary>The unit did not get there in time; <paramref name="currentState"/> comes from a fresh read, never the watch's cache.</summary>
    public static KinsException Timeout(string unit, AutonomyLevel level, TimeSpan timeout, string currentState)
    {
        var promoting = level.HasEdgeCluster();
        return new KinsException(promoting ? KinsErrorIds.KinsPromotionTimeout : KinsErrorIds.KinsDemotionTimeout, KinsErrorCategory.OperationTimeout,
            $"NodeUnit '{unit}' did not reach {(promoting ? $"{level.ToSpecValue()} (Ready)" : "L3 (Standard)")} within {timeout}: {currentState}", unit)
        {
            RecommendedAction = $"The change was made and site-manager keeps working on it; follow it with Get-NodeUnit {unit}, or wait longer with -Timeout.",
        };
    }

    /// <summary>The lists and watches failed for longer than the bound: the wait ends now, naming the cause and the last state seen.</summary>
    public static KinsException ClusterLost(string unit, KinsConnection connection, ClusterLostException lost, string lastState) =>
        new(KinsErrorIds.ClusterUnreachable, KinsErrorCategory.ConnectionError,
            $"Lost the Kubernetes API server of context '{connection.ContextName}' ({connection.Server}) while waiting for NodeUnit '{unit}': {lost.Message}. {lastState}",
            unit, lost.InnerException)
        {
            RecommendedAction = $"Check that the cluster and the network are up; any change already made stays, and site-manager goes on with it. Follow it with Get-NodeUnit {unit}.",
        };

    public static KinsException DeletionTimeout(string unit, TimeSpan timeout) =>
        new(KinsErrorIds.KinsDeletionTimeout, KinsErrorCategory.OperationTimeout,
            $"NodeUnit '{unit}' was deleted but still exists after {timeout}: its finalizer has not been released.", unit)
        {
            RecommendedAction = $"Check site-manager's events: kubectl get events --field-selector involvedObject.name={unit}",
        };

    public static KinsException Vanished(string unit) =>
        new(KinsErrorIds.NodeUnitNotFound, KinsErrorCategory.ObjectNotFound,
            $"NodeUnit '{unit}' was deleted by someone else while Kins was waiting for it.", unit);

    private static string List(IReadOnlyCollection<string> names) => names.Count == 0 ? string.Empty : $" ({string.Join(", ", names)})";
}
