using k8s;

namespace Kins.Core.Watching;

/// <summary>One page of a list: the items, the continue token of the next page, and the list's resourceVersion.</summary>
internal sealed record ListPage<T>(IReadOnlyList<T> Items, string? Continue, string? ResourceVersion);

/// <summary>How an <see cref="Informer{T}"/> lists and watches one kind of object (label-selected, maybe namespaced).</summary>
internal interface IWatchSource<T>
{
    /// <summary>What is watched, for messages (e.g. "statefulsets in kins-system").</summary>
    string Description { get; }

    Task<ListPage<T>> ListAsync(string? continueToken, int limit, CancellationToken cancellationToken);

    /// <summary>Watches from <paramref name="resourceVersion"/>; server-side timeout, bookmarks requested. Errors reach <paramref name="onError"/>.</summary>
    IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(string resourceVersion, Action<Exception> onError, CancellationToken cancellationToken);
}
