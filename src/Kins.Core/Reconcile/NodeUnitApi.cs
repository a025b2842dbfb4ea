using k8s;
using k8s.Models;
using Kins.Core.Connection;
using Kins.Core.Errors;
using Kins.Core.Model;
using Kins.Core.NodeUnits;
using Kins.Core.SuperEdge;

namespace Kins.Core.Reconcile;

/// <summary>The writes Kins makes to NodeUnits: a merge patch of spec.autonomyLevel only, create and delete. Each retries only what is safe.</summary>
internal static class NodeUnitApi
{
    public const string FieldManager = "kins";

    /// <summary>
    /// JSON merge patch of spec.autonomyLevel and Kins' change-time annotation alone, so site-manager's concurrent full
    /// updates never conflict with ours. The annotation lets a later judgement tell a Failed phase written after this
    /// change from one left over from before (v0.9 never clears Failed).
    /// </summary>
    public static async Task<NodeUnit> PatchLevelAsync(KinsConnection connection, string name, AutonomyLevel level, CancellationToken cancellationToken)
    {
        var patch = new V1Patch(LevelPatch(level, TimeProvider.System.GetUtcNow()), V1Patch.PatchType.MergePatch);
        try
        {
            return await ApiRetry.ExecuteAsync(ct => connection.Client.CustomObjects.PatchClusterCustomObjectAsync<NodeUnit>(
                patch, SuperEdgeNames.Group, SuperEdgeNames.Version, SuperEdgeNames.Plural, name, fieldManager: FieldManager, cancellationToken: ct),
                RequestKind.MergePatch, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            throw KubernetesErrors.ToKinsException(error, connection, name, notFoundErrorId: KinsErrorIds.NodeUnitNotFound);
        }
    }

    /// <summary>The exact merge patch Kins sends to change a level at <paramref name="changedAt"/> (shown by -WhatIf too).</summary>
    public static string LevelPatch(AutonomyLevel level, DateTimeOffset changedAt) =>
        "{\"metadata\":{\"annotations\":{\"" + SuperEdgeNames.LevelChangedAnnotation + "\":\"" + Observe.LevelChange.Format(changedAt) + "\"}}," +
        "\"spec\":{\"autonomyLevel\":\"" + level.ToSpecValue() + "\"}}";

    /// <summary>Deletes the unit (background propagation, as kubectl does); false when it was already gone. Retried like a write (a repeated delete of a gone unit is a 404, i.e. false).</summary>
    public static async Task<bool> DeleteAsync(KinsConnection connection, string name, CancellationToken cancellationToken)
    {
        try
        {
            await ApiRetry.ExecuteAsync(ct => connection.Client.CustomObjects.DeleteClusterCustomObjectAsync(
                SuperEdgeNames.Group, SuperEdgeNames.Version, SuperEdgeNames.Plural, name,
                new V1DeleteOptions { PropagationPolicy = "Background" }, cancellationToken: ct),
                RequestKind.Idempotent, cancellationToken, RetryBudget.Current ?? new RetryBudget(ApiRetry.WriteBudget)).ConfigureAwait(false);
            return true;
        }
        catch (Exception error) when (KubernetesErrors.StatusCode(error) == 404)
        {
            return false;
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            throw KubernetesErrors.ToKinsException(error, connection, name);
        }
    }

    public static async Task<NodeUnit> CreateAsync(KinsConnection connection, NodeUnit unit, CancellationToken cancellationToken)
    {
        try
        {
            // A create is not repeated after an unclear failure: it could create twice.
            return await ApiRetry.ExecuteAsync(ct => connection.Client.CustomObjects.CreateClusterCustomObjectAsync<NodeUnit>(
                unit, SuperEdgeNames.Group, SuperEdgeNames.Version, SuperEdgeNames.Plural, fieldManager: FieldManager, cancellationToken: ct),
                RequestKind.NonIdempotent, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            throw KubernetesErrors.ToKinsException(error, connection, unit.Name, alreadyExistsErrorId: KinsErrorIds.NodeUnitAlreadyExists);
        }
    }

    public static Task<NodeUnit> GetAsync(KinsConnection connection, string name, CancellationToken cancellationToken) =>
        NodeUnitReader.GetAsync(connection, name, cancellationToken);

    /// <summary>Names of <paramref name="nodes"/> that exist and are Ready, and those that do not exist.</summary>
    public static async Task<(IReadOnlyList<string> Ready, IReadOnlyList<string> Missing)> ReadyNodesAsync(KinsConnection connection, IEnumerable<string> nodes, CancellationToken cancellationToken)
    {
        var (found, missing) = await ReadNodesAsync(connection, nodes, cancellationToken).ConfigureAwait(false);
        return ([.. found.Where(NodeConditions.IsReady).Select(n => n.Metadata.Name)], missing);
    }

    /// <summary>The named nodes that exist, in the order given, and the names of those that do not.</summary>
    public static async Task<(IReadOnlyList<V1Node> Found, IReadOnlyList<string> Missing)> ReadNodesAsync(KinsConnection connection, IEnumerable<string> nodes, CancellationToken cancellationToken)
    {
        var found = new List<V1Node>();
        var missing = new List<string>();
        foreach (var node in nodes.Distinct(StringComparer.Ordinal))
        {
            var read = await ApiReads.GetOrNullAsync(connection, ct => connection.Client.CoreV1.ReadNodeAsync(node, cancellationToken: ct), node, cancellationToken).ConfigureAwait(false);
            if (read is null)
            {
                missing.Add(node);
            }
            else
            {
                found.Add(read);
            }
        }
        return (found, missing);
    }
}
