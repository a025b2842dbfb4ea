using k8s;
using k8s.Models;
using Kins.Core.Connection;

namespace Kins.Core.Watching;

/// <summary>
/// Keeps a handler current with one kind of object, like client-go's reflector: list (paged), then watch from the
/// list's resourceVersion with bookmarks, re-watch from the last version seen when a watch ends, re-list on 410 Gone.
/// A watch that delivers nothing for <see cref="InformerOptions.StallAfter"/> is replaced; an attempt that achieved
/// nothing (failed open, error event, a watch that ended at once) backs off with jitter, and the backoff starts over
/// once a watch proves healthy. All time comes from <see cref="InformerOptions.Time"/>; nothing is polled.
/// </summary>
internal sealed class Informer<T> where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly IWatchSource<T> _source;
    private readonly IInformerHandler<T> _handler;
    private readonly InformerOptions _options;
    private readonly IWatchHealth? _health;
    private readonly Backoff _backoff;
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Informer(IWatchSource<T> source, IInformerHandler<T> handler, InformerOptions? options = null, IWatchHealth? health = null)
    {
        _source = source;
        _handler = handler;
        _options = options ?? InformerOptions.Default;
        _health = health;
        _backoff = new Backoff(_options.InitialBackoff, _options.MaxBackoff, _options.Random);
    }

    /// <summary>Completes once the first list has reached the handler; faults if that list failed.</summary>
    public Task Synced => _synced.Task;

    /// <summary>Lists and watches until cancelled. Only a failure of the first list ends it early (and faults <see cref="Synced"/>).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        string? resourceVersion = null;
        try
        {
            while (true)
            {
                Attempt attempt;
                try
                {
                    if (resourceVersion is null)
                    {
                        resourceVersion = await ListAllAsync(cancellationToken).ConfigureAwait(false);
                        _synced.TrySetResult();
                        _health?.Healthy(_source.Description);
                    }
                    attempt = await WatchOnceAsync(resourceVersion, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (Exception error) when (!_synced.Task.IsCompleted)
                {
                    // The first list failed: the caller learns why instead of waiting forever.
                    _synced.TrySetException(error);
                    throw;
                }
                catch (Exception error)
                {
                    // A re-list failed: try it again after the backoff.
                    attempt = new Attempt(resourceVersion, KubernetesErrors.StatusCode(error) == 410, false, false, error);
                }
                resourceVersion = attempt.Gone ? null : attempt.ResourceVersion;
                if (attempt.Delivered)
                {
                    // A watch that delivered proves the server healthy: whatever comes next starts from the shortest backoff.
                    _backoff.Reset();
                }
                if (attempt.Immediate)
                {
                    continue;
                }
                var failure = attempt.Error ?? new IOException($"The watch of {_source.Description} failed.");
                _health?.Failed(_source.Description, failure);
                var delay = DelayAfter(failure);
                await (_options.Recovery is { } recovery
                    ? recovery.DelayAsync(delay, _options.Time, cancellationToken)
                    : Task.Delay(delay, _options.Time, cancellationToken)).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _synced.TrySetCanceled(cancellationToken);
        }
    }

    private TimeSpan DelayAfter(Exception failure)
    {
        var delay = _backoff.Next();
        // A server that says when to come back (429, 503) is believed, within the cap.
        if (ApiRetry.RetryAfter(failure) is { } serverSays && serverSays > delay)
        {
            delay = serverSays < _options.MaxBackoff ? serverSays : _options.MaxBackoff;
        }
        return delay;
    }

    private async Task<string> ListAllAsync(CancellationToken cancellationToken)
    {
        var (items, resourceVersion) = await PagedList.ListAllAsync(_source, item => item, cancellationToken, _options.Time).ConfigureAwait(false);
        _handler.Replace(items);
        return resourceVersion ?? "0";
    }

    /// <summary>One watch, from open to end: how it ended, and where the next one resumes.</summary>
    private async Task<Attempt> WatchOnceAsync(string resourceVersion, CancellationToken cancellationToken)
    {
        var time = _options.Time;
        var opened = time.GetTimestamp();
        // Ends the watch when it goes quiet for too long, or at once after an error event.
        using var ended = new CancellationTokenSource(_options.StallAfter, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, ended.Token);
        Exception? errorEvent = null;
        Exception? thrown = null;
        var delivered = false;
        void OnError(Exception error)
        {
            // The stream would go on after an error event; a real server closes it, and so do we.
            errorEvent ??= error;
            ended.Cancel();
        }

        try
        {
            await foreach (var (type, item) in _source.WatchAsync(resourceVersion, WatchTimeoutSeconds(), OnError, linked.Token).ConfigureAwait(false))
            {
                ended.CancelAfter(_options.StallAfter);
                if (!delivered)
                {
                    delivered = true;
                    _health?.Healthy(_source.Description);
                }
                if (item?.Metadata?.ResourceVersion is { Length: > 0 } seen)
                {
                    resourceVersion = seen;
                }
                if (type != WatchEventType.Bookmark && item is not null)
                {
                    _handler.Apply(type, item);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && ended.IsCancellationRequested)
        {
            // Stalled, or stopped after an error event: decided below.
        }
        catch (Exception failure) when (!cancellationToken.IsCancellationRequested)
        {
            thrown = failure;
        }

        var lived = time.GetElapsedTime(opened);
        var error = errorEvent ?? thrown;
        if (error is null && ended.IsCancellationRequested)
        {
            error = new TimeoutException($"The watch of {_source.Description} delivered nothing (no event, no bookmark) for {_options.StallAfter.TotalSeconds:0} s; it was replaced.");
        }
        else if (error is null && !delivered && lived < _options.VeryShortWatch)
        {
            error = new IOException($"The watch of {_source.Description} ended {lived.TotalMilliseconds:0} ms after opening without delivering anything.");
        }
        var gone = error is KubernetesException { Status.Code: 410 } || (error is not null && KubernetesErrors.StatusCode(error) == 410);
        // A watch that delivered and then broke (or simply ran its course) is resumed at once; an error event backs
        // off first (except 410, answered by a re-list), and so does a watch that achieved nothing.
        var immediate = (errorEvent is null || gone) && (delivered || (error is null && lived >= _options.VeryShortWatch));
        if (error is null && immediate)
        {
            _health?.Healthy(_source.Description);
        }
        return new Attempt(resourceVersion, gone, delivered, immediate, error);
    }

    private int WatchTimeoutSeconds()
    {
        var min = _options.MinWatchTimeout.TotalSeconds;
#pragma warning disable CA5394 // spreads reconnects; it needs no cryptographic randomness
        return (int)Math.Max(1, min * (1 + _options.Random.NextDouble()));
#pragma warning restore CA5394
    }

    private readonly record struct Attempt(string? ResourceVersion, bool Gone, bool Delivered, bool Immediate, Exception? Error);
}
