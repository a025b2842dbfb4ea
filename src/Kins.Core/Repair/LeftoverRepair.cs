using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Kins.Core.Connection;
using Kins.Core.Errors;
using Kins.Core.Model;
using Kins.Core.SuperEdge;

namespace Kins.Core.Repair;

/// <summary>
/// Removes one finding, after checking again that it still is a leftover (the cluster may have moved since it was
/// found). Writes are merge patches of exactly what is removed, or deletes, as site-manager itself would do them.
/// </summary>
public static class LeftoverRepair
{
    /// <summary>Removes <paramref name="leftover"/>; returns false when it was gone already (nothing changed).</summary>
    public static async Task<bool> RepairAsync(KinsConnection connection, LeftoverFinder finder, NodeUnitLeftover leftover, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(finder);
        ArgumentNullException.ThrowIfNull(leftover);
        if (!leftover.Removable)
        {
            throw new KinsException(KinsErrorIds.LeftoverNotRemovable, KinsErrorCategory.InvalidOperation,
                $"{leftover.Kind} {leftover.Resource} of NodeUnit '{leftover.NodeUnit}' is reported only: {leftover.Action}.", leftover.NodeUnit);
        }
        // Found again now: the finding must still hold, by the same rules, before anything is removed.
        finder.Refresh();
        var current = await finder.FindAsync(leftover.NodeUnit, cancellationToken).ConfigureAwait(false);
        if (!current.Any(f => f.Kind == leftover.Kind && f.Resource == leftover.Resource && f.Detail == leftover.Detail))
        {
            return false;
        }
        switch (leftover.Kind)
        {
            case LeftoverKind.RoleLabel:
                var patch = new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { [SuperEdgeNames.KinsRoleLabel] = null } } };
                await ApiRetry.ExecuteAsync(ct => connection.Client.CoreV1.PatchNodeAsync(MergePatch(patch), leftover.NodeName!, cancellationToken: ct),
                    RequestKind.MergePatch, cancellationToken).ConfigureAwait(false);
                return true;
            case LeftoverKind.MembershipLabel:
                // Found again just now with the unit still gone: the label names no unit, and no pass will remove it.
                var membership = new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { [SuperEdgeNames.MembershipLabelKey(leftover.NodeUnit)] = null } } };
                await ApiRetry.ExecuteAsync(ct => connection.Client.CoreV1.PatchNodeAsync(MergePatch(membership), leftover.NodeName!, cancellationToken: ct),
                    RequestKind.MergePatch, cancellationToken).ConfigureAwait(false);
                return true;
            case LeftoverKind.KinsTaint:
                return await RemoveTaintAsync(connection, leftover.NodeName!, leftover.Detail, cancellationToken).ConfigureAwait(false);
            case LeftoverKind.ServerClaim:
                await ApiRetry.ExecuteAsync(ct => connection.Client.CoreV1.PatchNamespacedPersistentVolumeClaimAsync(MergePatch(NoFinalizers()), leftover.Name!, leftover.Namespace!, cancellationToken: ct),
                    RequestKind.MergePatch, cancellationToken).ConfigureAwait(false);
                await DeleteIgnoringGoneAsync(ct => connection.Client.CoreV1.DeleteNamespacedPersistentVolumeClaimAsync(leftover.Name!, leftover.Namespace!, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
                return true;
            case LeftoverKind.ServerVolume:
                await ApiRetry.ExecuteAsync(ct => connection.Client.CoreV1.PatchPersistentVolumeAsync(MergePatch(NoFinalizers()), leftover.Name!, cancellationToken: ct),
                    RequestKind.MergePatch, cancellationToken).ConfigureAwait(false);
                await DeleteIgnoringGoneAsync(ct => connection.Client.CoreV1.DeletePersistentVolumeAsync(leftover.Name!, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Drops the one taint from the node's list.</summary>
    private static Task<bool> RemoveTaintAsync(KinsConnection connection, string nodeName, string taint, CancellationToken cancellationToken) =>
        NodeTaintPatch.ChangeAsync(connection, nodeName, taints =>
        {
            var kept = taints.Where(t => TaintText.Of(t) != taint).ToList();
            return kept.Count == taints.Count ? null : kept;
        }, cancellationToken);

    private static async Task DeleteIgnoringGoneAsync(Func<CancellationToken, Task> delete, CancellationToken cancellationToken)
    {
        try
        {
            await ApiRetry.ExecuteAsync(delete, RequestKind.Idempotent, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (KubernetesErrors.StatusCode(error) == 404)
        {
            // Deleted meanwhile: the leftover is gone either way.
        }
    }

    private static JsonObject NoFinalizers() => new() { ["metadata"] = new JsonObject { ["finalizers"] = null } };

    private static V1Patch MergePatch(JsonObject patch) => new(patch.ToJsonString(new JsonSerializerOptions()), V1Patch.PatchType.MergePatch);
}
