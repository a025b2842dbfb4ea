using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Kins.Core.Connection;
using Kins.Core.Errors;

namespace Kins.Core.Repair;

/// <summary>
/// Changes one node's taint list by a merge patch that carries the node's resourceVersion: a concurrent change to the
/// node is a 409, and the change is decided again from a fresh read (a list cannot be merged item by item).
/// </summary>
internal static class NodeTaintPatch
{
    private const int ConflictAttempts = 5;

    /// <summary>
    /// Reads the node and applies <paramref name="change"/> to its taints; a null result means nothing to do.
    /// Returns false when the node is gone or nothing was changed.
    /// </summary>
    public static async Task<bool> ChangeAsync(KinsConnection connection, string nodeName, Func<IReadOnlyList<V1Taint>, IReadOnlyList<V1Taint>?> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var node = await ApiReads.GetOrNullAsync(connection, ct => connection.Client.CoreV1.ReadNodeAsync(nodeName, cancellationToken: ct), nodeName, cancellationToken).ConfigureAwait(false);
            if (node is null)
            {
                return false;
            }
            var changed = change([.. node.Spec?.Taints ?? []]);
            if (changed is null)
            {
                return false;
            }
            var patch = new JsonObject
            {
                ["metadata"] = new JsonObject { ["resourceVersion"] = node.Metadata.ResourceVersion },
                ["spec"] = new JsonObject { ["taints"] = JsonNode.Parse(KubernetesJson.Serialize(changed)) },
            };
            try
            {
                var body = new V1Patch(patch.ToJsonString(new JsonSerializerOptions()), V1Patch.PatchType.MergePatch);
                await connection.Client.CoreV1.PatchNodeAsync(body, nodeName, cancellationToken: cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (Exception error) when (KubernetesErrors.StatusCode(error) == 409 && attempt < ConflictAttempts)
            {
                // The node changed meanwhile (a kubelet status write does not touch spec, but another client may): read again.
            }
        }
    }
}
