using System.Runtime.CompilerServices;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Kins.Core.Watching;

/// <summary>The arguments of one list or watch call, as every generated KubernetesClient list method takes them.</summary>
internal readonly record struct ListRequest(string? Continue, int? Limit, bool Watch, string? ResourceVersion, int? TimeoutSeconds);

/// <summary>An <see cref="IWatchSource{T}"/> over one generated KubernetesClient list method.</summary>
internal sealed class ApiWatchSource<T, TList> : IWatchSource<T>
    where T : IKubernetesObject<V1ObjectMeta>
    where TList : IKubernetesObject<V1ListMeta>, IItems<T>
{
    private readonly Func<ListRequest, CancellationToken, Task<HttpOperationResponse<TList>>> _call;

    public ApiWatchSource(string description, Func<ListRequest, CancellationToken, Task<HttpOperationResponse<TList>>> call)
    {
        Description = description;
        _call = call;
    }

    public string Description { get; }

    public async Task<ListPage<T>> ListAsync(string? continueToken, int limit, CancellationToken cancellationToken)
    {
        using var response = await _call(new ListRequest(continueToken, limit, false, null, null), cancellationToken).ConfigureAwait(false);
        var list = response.Body;
        return new ListPage<T>([.. list.Items], list.Metadata?.ContinueProperty, list.Metadata?.ResourceVersion);
    }

    public async IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(string resourceVersion, int timeoutSeconds, Action<Exception> onError,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var response = _call(new ListRequest(null, null, true, resourceVersion, timeoutSeconds), cancellationToken);
        try
        {
            // The suggested replacements (WatchList*Async) are untyped for custom resources; this one serves every kind alike.
#pragma warning disable CS0618
            await foreach (var change in response.WatchAsync<T, TList>(onError, cancellationToken).ConfigureAwait(false))
            {
                yield return change;
            }
#pragma warning restore CS0618
        }
        finally
        {
            // Cancelled before KubernetesClient took the response over, the response would stay open (and the server's
            // watch with it) until a garbage collection: dispose it ourselves once it arrives.
            _ = response.ContinueWith(static t => t.Result.Dispose(), CancellationToken.None,
                TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        }
    }
}
