using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Kins.Core.Watching;

/// <summary>
/// Keeps a handler current with one kind of object: list (paged), then watch from the list's resourceVersion,
/// re-watch from the last seen version when the server ends the watch, and re-list when the version is too old
/// (410 Gone). Transient failures back off exponentially; nothing is polled.
/// </summary>
internal sealed class Informer<T> where T : class, IKubernetesObject<V1ObjectMeta>
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);
    private readonly IWatchSource<T> _source;
    private readonly IInformerHandler<T> _handler;
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Informer(IWatchSource<T> source, IInformerHandler<T> handler)
    {
        _source = source;
        _handler = handler;
    }

    /// <summary>Completes once the first list has reached the handler; faults if that list failed.</summary>
    public Task Synced => _synced.Task;

    /// <summary>Lists and watches until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var backoff = TimeSpan.FromMilliseconds(100);
        string? resourceVersion = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                resourceVersion ??= await ListAllAsync(cancellationToken).ConfigureAwait(false);
                _synced.TrySetResult();
                var outcome = await WatchOnceAsync(resourceVersion, cancellationToken).ConfigureAwait(false);
                resourceVersion = outcome.Gone ? null : outcome.ResourceVersion;
                if (outcome.SawEvents)
                {
                    backoff = TimeSpan.FromMilliseconds(100);
                }
                continue;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (HttpOperationException error) when ((int)error.Response.StatusCode == 410)
            {
                resourceVersion = null;
                continue;
            }
            catch (Exception error) when (!_synced.Task.IsCompleted)
            {
                // The first list failed: the caller learns why instead of waiting forever.
                _synced.TrySetException(error);
                throw;
            }
            catch (Exception error) when (error is HttpRequestException or IOException or HttpOperationException or TimeoutException)
            {
                // Transient: back off and try again (from the last version we saw).
            }
            await Task.Delay(backoff, cancellationToken).ConfigureAwait(false);
            backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, backoff.Ticks * 2));
        }
        _synced.TrySetCanceled(cancellationToken);
    }

    private async Task<string> ListAllAsync(CancellationToken cancellationToken)
    {
        var (items, resourceVersion) = await PagedList.ListAllAsync(_source, item => item, cancellationToken).ConfigureAwait(false);
        _handler.Replace(items);
        return resourceVersion ?? "0";
    }

    private async Task<(string ResourceVersion, bool Gone, bool SawEvents)> WatchOnceAsync(string resourceVersion, CancellationToken cancellationToken)
    {
        var gone = false;
        var sawEvents = false;
        void OnError(Exception error)
        {
            if (error is KubernetesException { Status.Code: 410 })
            {
                gone = true;
            }
        }

        await foreach (var (type, item) in _source.WatchAsync(resourceVersion, OnError, cancellationToken).ConfigureAwait(false))
        {
            sawEvents = true;
            if (item.Metadata?.ResourceVersion is { Length: > 0 } seen)
            {
                resourceVersion = seen;
            }
            if (type != WatchEventType.Bookmark)
            {
                _handler.Apply(type, item);
            }
        }
        return (resourceVersion, gone, sawEvents);
    }
}
