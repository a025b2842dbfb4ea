using Kins.Core.Connection;

namespace Kins.Core.Watching;

/// <summary>Lists a source with limit/continue, projecting each page as it arrives so only the projections are kept.</summary>
internal static class PagedList
{
    public const int PageSize = 500;

    /// <summary>
    /// Every item of a list, projected (nulls dropped), with the list's resourceVersion (where a watch can start).
    /// An expired continue token (410 Gone) restarts the list once, as kubectl does. Pages are retried within the
    /// current <see cref="RetryBudget"/>, else a read budget on <paramref name="time"/>.
    /// </summary>
    public static async Task<(List<TResult> Items, string? ResourceVersion)> ListAllAsync<T, TResult>(
        IWatchSource<T> source, Func<T, TResult?> project, CancellationToken cancellationToken, TimeProvider? time = null)
        where TResult : class
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(project);
        var budget = RetryBudget.Current ?? new RetryBudget(ApiRetry.ReadBudget, time);
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
                    var page = await ApiRetry.ExecuteAsync(ct => source.ListAsync(token, PageSize, ct), RequestKind.Idempotent, cancellationToken, budget).ConfigureAwait(false);
                    items.AddRange(page.Items.Select(project).OfType<TResult>());
                    resourceVersion = page.ResourceVersion;
                    continueToken = page.Continue;
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
