using k8s;
using k8s.Models;
using Kins.Core.Connection;

namespace Kins.Core.Observe;

/// <summary>Lists with limit/continue, projecting each page as it arrives so only the small projections are kept.</summary>
internal static class PagedList
{
    public const int PageSize = 500;

    /// <summary>
    /// Every item of a list, projected (nulls dropped), with the list's resourceVersion (where a watch can start).
    /// An expired continue token (410 Gone) restarts the list once, as kubectl does.
    /// </summary>
    public static async Task<(List<TResult> Items, string? ResourceVersion)> ListAllAsync<TList, TItem, TResult>(
        Func<string?, CancellationToken, Task<TList>> page, Func<TItem, TResult?> project, CancellationToken cancellationToken)
        where TList : IKubernetesObject<V1ListMeta>, IItems<TItem>
        where TResult : class
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(project);
        for (var attempt = 1; ; attempt++)
        {
            var items = new List<TResult>();
            string? continueToken = null;
            try
            {
                string? resourceVersion;
                do
                {
                    var token = continueToken;
                    var result = await ApiRetry.ExecuteAsync(ct => page(token, ct), RequestKind.Idempotent, cancellationToken).ConfigureAwait(false);
                    items.AddRange((result.Items ?? []).Select(project).OfType<TResult>());
                    resourceVersion = result.Metadata?.ResourceVersion;
                    continueToken = result.Metadata?.ContinueProperty;
                }
                while (!string.IsNullOrEmpty(continueToken));
                return (items, resourceVersion);
            }
            catch (Exception e) when (attempt == 1 && continueToken is not null && KubernetesErrors.StatusCode(e) == 410)
            {
                // The continue token expired mid-list: start over from a fresh list.
            }
        }
    }
}
