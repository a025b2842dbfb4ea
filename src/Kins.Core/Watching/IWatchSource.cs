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

    /// <summary>
    /// Watches from <paramref name="resourceVersion"/> with bookmarks requested; the server ends the watch after
    /// <paramref name="timeoutSeconds"/>. Error events (metav1.Status) reach <paramref name="onError"/>; transport
    /// failures are thrown by the enumeration.
    /// </summary>
    IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(string resourceVersion, int timeoutSeconds, Action<Exception> onError, CancellationToken cancellationToken);
}
