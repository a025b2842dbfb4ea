using System.Threading.Channels;

namespace Kins.Sandbox.Controllers;

/// <summary>How a <see cref="WorkQueue"/> retries a key whose processing failed (client-go's rate-limited queue).</summary>
internal sealed record WorkQueueOptions
{
    /// <summary>The clock behind the retry delays (a fake one in tests).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Delay before the first retry; each further failure doubles it (client-go: 5 ms).</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Longest retry delay (client-go: 1000 s).</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(1000);

    /// <summary>Retries of one key before it is dropped until its next Add (SuperEdge's constant.MaxRetries: 15).</summary>
    public int MaxRetries { get; init; } = 15;
}

/// <summary>
/// A controller work queue with client-go's semantics: keys are deduplicated while waiting, a key is never processed
/// by two workers at once, a key added while it is being processed is processed again afterwards; a key whose
/// processing throws is requeued after a per-key exponential backoff (forgotten on success, dropped after
/// <see cref="WorkQueueOptions.MaxRetries"/>).
/// </summary>
internal sealed class WorkQueue : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private readonly HashSet<string> _processing = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly HashSet<ITimer> _timers = [];
    private readonly Channel<string> _ready = Channel.CreateUnbounded<string>();
    private readonly CancellationTokenSource _stop = new();
    private readonly WorkQueueOptions _options;
    private readonly Task[] _workers;
    private bool _disposed;

    /// <param name="onDropped">Told about a key that failed more than MaxRetries times in a row (and its last error).</param>
    public WorkQueue(int workers, Func<string, CancellationToken, Task> process, Action<string, Exception> onDropped, WorkQueueOptions? options = null)
    {
        _options = options ?? new WorkQueueOptions();
        _workers = Enumerable.Range(0, workers).Select(_ => Task.Run(() => RunAsync(process, onDropped))).ToArray();
    }

    /// <summary>No key waiting and none in process (keys waiting for a retry's backoff do not count).</summary>
    public bool IsIdle
    {
        get { lock (_gate) { return _dirty.Count == 0 && _processing.Count == 0; } }
    }

    public void Add(string key)
    {
        lock (_gate)
        {
            if (_disposed || !_dirty.Add(key) || _processing.Contains(key))
            {
                return;
            }
        }
        _ready.Writer.TryWrite(key);
    }

    /// <summary>Adds the key once <paramref name="delay"/> has passed on the queue's clock.</summary>
    public void AddAfter(string key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            ITimer? timer = null;
            timer = _options.Time.CreateTimer(_ =>
            {
                lock (_gate) { _timers.Remove(timer!); }
                timer!.Dispose();
                Add(key);
            }, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _timers.Add(timer);
            timer.Change(delay, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Adds the key after its backoff: BaseDelay·2^(failures so far), capped at MaxDelay; counts one more failure.</summary>
    public void AddRateLimited(string key)
    {
        int failures;
        lock (_gate)
        {
            failures = _failures.GetValueOrDefault(key);
            _failures[key] = failures + 1;
        }
        AddAfter(key, Backoff(failures));
    }

    /// <summary>How many times the key was requeued for failing since it last succeeded.</summary>
    public int NumRequeues(string key)
    {
        lock (_gate) { return _failures.GetValueOrDefault(key); }
    }

    /// <summary>Clears the key's failure count: its next failure starts from BaseDelay again.</summary>
    public void Forget(string key)
    {
        lock (_gate) { _failures.Remove(key); }
    }

    private TimeSpan Backoff(int failures)
    {
        var ticks = _options.BaseDelay.Ticks * Math.Pow(2, Math.Min(failures, 62));
        return ticks >= _options.MaxDelay.Ticks ? _options.MaxDelay : TimeSpan.FromTicks((long)ticks);
    }

    private async Task RunAsync(Func<string, CancellationToken, Task> process, Action<string, Exception> onDropped)
    {
        try
        {
            await foreach (var key in _ready.Reader.ReadAllAsync(_stop.Token))
            {
                lock (_gate)
                {
                    _dirty.Remove(key);
                    _processing.Add(key);
                }
                try
                {
                    await process(key, _stop.Token);
                    Forget(key);
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    return;
                }
#pragma warning disable CA1031 // A controller retries a failed key and goes on with the others.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    if (NumRequeues(key) < _options.MaxRetries)
                    {
                        AddRateLimited(key);
                    }
                    else
                    {
                        Forget(key);
                        onDropped(key, e);
                    }
                }
                bool again;
                lock (_gate)
                {
                    _processing.Remove(key);
                    again = _dirty.Contains(key);
                }
                if (again)
                {
                    _ready.Writer.TryWrite(key);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    public async ValueTask DisposeAsync()
    {
        ITimer[] timers;
        lock (_gate)
        {
            _disposed = true;
            timers = [.. _timers];
            _timers.Clear();
        }
        foreach (var timer in timers) { await timer.DisposeAsync(); }
        await _stop.CancelAsync();
        _ready.Writer.TryComplete();
        await Task.WhenAll(_workers);
        _stop.Dispose();
    }
}
