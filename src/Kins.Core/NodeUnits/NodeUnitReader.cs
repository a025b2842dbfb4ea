using System.Runtime.CompilerServices;
using k8s;
using Kins.Core.Connection;
using Kins.Core.Errors;
using Kins.Core.Model;
using Kins.Core.SuperEdge;
using Kins.Core.Watching;

namespace Kins.Core.NodeUnits;

/// <summary>Reads NodeUnits page by page (limit/continue) in name order, so the first ones arrive before the last page.</summary>
internal static class NodeUnitReader
{
    /// <summary>Every unit the pattern part of <paramref name="filter"/> selects, streamed as pages arrive.</summary>
    public static async IAsyncEnumerable<NodeUnit> ListAsync(KinsConnection connection, NodeUnitFilter filter,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? continueToken = null;
        do
        {
            var page = await ListPageAsync(connection, filter.LabelSelector, null, continueToken, cancellationToken).ConfigureAwait(false);
            foreach (var unit in page.Items.OrderBy(u => u.Name, StringComparer.Ordinal))
            {
                if (filter.NameMatches(unit.Name) && filter.Accepts(unit))
                {
                    yield return unit;
                }
            }
            continueToken = page.Metadata?.ContinueProperty;
        }
        while (!string.IsNullOrEmpty(continueToken));
    }

    /// <summary>One unit by name (server-side field selector); null when it does not exist or the label selector excludes it.</summary>
    public static async Task<NodeUnit?> FindAsync(KinsConnection connection, string name, string? labelSelector, CancellationToken cancellationToken)
    {
        var page = await ListPageAsync(connection, labelSelector, "metadata.name=" + name, null, cancellationToken).ConfigureAwait(false);
        return page.Items.FirstOrDefault();
    }

    /// <summary>One unit by name; a missing unit is a NodeUnitNotFound error that names it.</summary>
    public static async Task<NodeUnit> GetAsync(KinsConnection connection, string name, CancellationToken cancellationToken) =>
        await FindAsync(connection, name, null, cancellationToken).ConfigureAwait(false) ?? throw NotFound(connection, name);

    public static KinsException NotFound(KinsConnection connection, string name) =>
        new(KinsErrorIds.NodeUnitNotFound, KinsErrorCategory.ObjectNotFound,
            $"NodeUnit '{name}' was not found in context '{connection.ContextName}'.", name)
        {
            RecommendedAction = "Check the name with Get-NodeUnit, or the -Context/-Kubeconfig you are using.",
        };

    private static async Task<NodeUnitList> ListPageAsync(KinsConnection connection, string? labelSelector, string? fieldSelector,
        string? continueToken, CancellationToken cancellationToken)
    {
        try
        {
            return await ApiRetry.ExecuteAsync(async ct =>
            {
                using var response = await connection.Client.CustomObjects.ListClusterCustomObjectWithHttpMessagesAsync<NodeUnitList>(
                    SuperEdgeNames.Group, SuperEdgeNames.Version, SuperEdgeNames.Plural,
                    continueParameter: continueToken, fieldSelector: fieldSelector, labelSelector: labelSelector, limit: PagedList.PageSize,
                    cancellationToken: ct).ConfigureAwait(false);
                return response.Body;
            }, RequestKind.Idempotent, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (KubernetesErrors.StatusCode(error) == 404)
        {
            throw CrdNotInstalled(connection, error);
        }
        catch (Exception error) when (error is not OperationCanceledException and not KinsException)
        {
            throw KubernetesErrors.ToKinsException(error, connection);
        }
    }

    private static KinsException CrdNotInstalled(KinsConnection connection, Exception error) =>
        new(KinsErrorIds.NodeUnitCrdNotInstalled, KinsErrorCategory.NotInstalled,
            $"The cluster of context '{connection.ContextName}' ({connection.Server}) does not serve NodeUnits " +
            $"({SuperEdgeNames.Plural}.{SuperEdgeNames.Group}/{SuperEdgeNames.Version}): SuperEdge's site-manager and its CRD are not installed there.",
            connection.ContextName, error)
        {
            RecommendedAction = "Point -Kubeconfig/-Context at a SuperEdge cluster, or install SuperEdge (edgeadm) first.",
        };
}
