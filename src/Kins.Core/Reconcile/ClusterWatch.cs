using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using Kins.Core.Connection;
using Kins.Core.Model;
using Kins.Core.Observe;
using Kins.Core.Watching;

namespace Kins.Core.Reconcile;

/// <summary>
/// One set of watches per cluster that serves every unit in flight: NodeUnits plus the label-selected kins objects
/// and server nodes, kept current by informers. Any number of units wait on it cheaply: a waiter is a condition,
/// a completion and its own deadline, re-checked only when something of its unit changes. When the lists and
/// watches keep failing for <see cref="ClusterWatchOptions.LostAfter"/>, every wait ends with a
/// <see cref="ClusterLostException"/> instead of running to its timeout. Nothing polls.
/// </summary>
internal sealed class ClusterWatch : IAsyncDisposable, IWatchHealth
{
    private readonly ClusterWatchSources _sources;
    private readonly KinsConnection? _connection;
    private readonly ClusterWatchOptions _options;
    private readonly ConcurrentDictionary<string, NodeUnit> _units = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Waiter>> _waiters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Failing> _failing = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _informers = [];
    private ClusterLostException? _lost;
    private Task? _started;
    private Task? _serverPodsStarted;

    public ClusterWatch(KinsConnection connection, ClusterWatchOptions? options = null)
        : this(ClusterWatchSources.For(connection.Client), connection, options)
    {
    }

    internal ClusterWatch(ClusterWatchSources sources, KinsConnection? connection, ClusterWatchOptions? options)
    {
        _sources = sources;
        _connection = connection;
        options ??= ClusterWatchOptions.Default;
        // The informers' backoffs end as soon as the server answers again (a write's retry, or another informer).
        _options = options.Informers.Recovery is null && connection is not null
            ? options with { Informers = options.Informers with { Recovery = connection.Recovery } }
            : options;
    }

    public ClusterSnapshot Snapshot { get; } = new();

    private TimeProvider Time => _options.Informers.Time;

    /// <summary>Starts the informers once; completes when every first list has arrived.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_informers)
        {
            _started ??= StartInformersAsync();
        }
        return _started.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Starts watching the K3s server pods once (after <see cref="StartAsync"/>); completes when their first list has
    /// arrived. Only a demotion waits for them (rule 5), so a promotion never reads a pod.
    /// </summary>
    public Task WatchServerPodsAsync(CancellationToken cancellationToken)
    {
        lock (_informers)
        {
            _serverPodsStarted ??= SyncedAsync(Run(_sources.Pods, new SnapshotHandler<V1Pod>(this, ObservedKind.Pod)));
        }
        return _serverPodsStarted.WaitAsync(cancellationToken);
    }

    /// <summary>The unit as last seen on the watch, or null when it does not exist (or was not seen yet).</summary>
    public NodeUnit? Unit(string name) => _units.GetValueOrDefault(name);

    /// <summary>Observes a unit against the watched snapshot.</summary>
    public KinsObservation Observe(NodeUnit unit) => KinsObserver.Observe(unit, Snapshot);

    /// <summary>
    /// Completes when <paramref name="done"/> holds for the unit (null: the unit is gone), re-checked on every change
    /// of that unit or its objects. Throws <see cref="TimeoutException"/> after <paramref name="timeout"/> (this
    /// waiter's own deadline), <see cref="ClusterLostException"/> when the server is lost, or what
    /// <paramref name="done"/> throws.
    /// </summary>
    public async Task<NodeUnit?> WaitAsync(string unit, Func<NodeUnit?, bool> done, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var waiter = new Waiter(done);
        lock (_waiters)
        {
            if (_lost is { } lost)
            {
                throw lost;
            }
            if (!_waiters.TryGetValue(unit, out var list))
            {
                _waiters[unit] = list = [];
            }
            list.Add(waiter);
        }
        try
        {
            Evaluate(unit);
            return await waiter.Completion.Task.WaitAsync(timeout, Time, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (_waiters)
            {
                if (_waiters.TryGetValue(unit, out var list) && list.Remove(waiter) && list.Count == 0)
                {
                    _waiters.Remove(unit);
                }
            }
        }
    }

    /// <summary>How many units are being waited on (for tests and diagnostics).</summary>
    public int WaitingUnits
    {
        get
        {
            lock (_waiters)
            {
                return _waiters.Count;
            }
        }
    }

    void IWatchHealth.Healthy(string source)
    {
        var recovered = false;
        lock (_waiters)
        {
            if (_failing.Remove(source, out var failing))
            {
                failing.Timer.Dispose();
                recovered = true;
            }
            if (_failing.Count == 0)
            {
                _lost = null;
            }
        }
        if (recovered)
        {
            // One source got through again: the others need not wait out their own backoffs.
            _options.Informers.Recovery?.Answered();
        }
    }

    void IWatchHealth.Failed(string source, Exception error)
    {
        lock (_waiters)
        {
            if (_failing.TryGetValue(source, out var failing))
            {
                failing.LastError = error;
                return;
            }
            var timer = Time.CreateTimer(static state => ((ClusterWatch)state!).CheckLost(), this, _options.LostAfter, Timeout.InfiniteTimeSpan);
            _failing[source] = new Failing(Time.GetUtcNow(), error, timer);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_informers).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // A first list that failed was already reported through StartAsync; nothing else ends an informer but the stop.
        }
        lock (_waiters)
        {
            foreach (var failing in _failing.Values)
            {
                failing.Timer.Dispose();
            }
            _failing.Clear();
        }
        _stop.Dispose();
    }

    /// <summary>Ends every wait when some source has been failing for the whole bound.</summary>
    private void CheckLost()
    {
        List<Waiter> waiting;
        ClusterLostException lost;
        lock (_waiters)
        {
            var now = Time.GetUtcNow();
            var (source, failing) = _failing.Where(f => now - f.Value.Since >= _options.LostAfter).OrderBy(f => f.Value.Since).FirstOrDefault();
            if (failing is null || _stop.IsCancellationRequested)
            {
                return;
            }
            lost = _lost ??= new ClusterLostException(source, now - failing.Since, failing.LastError);
            waiting = [.. _waiters.Values.SelectMany(w => w)];
        }
        foreach (var waiter in waiting)
        {
            waiter.Completion.TrySetException(lost);
        }
    }

    private async Task StartInformersAsync()
    {
        var synced = new List<Task>
        {
            Run(_sources.NodeUnits, new NodeUnitHandler(this)),
            Run(_sources.StatefulSets, new SnapshotHandler<V1StatefulSet>(this, ObservedKind.StatefulSet)),
            Run(_sources.DaemonSets, new SnapshotHandler<V1DaemonSet>(this, ObservedKind.DaemonSet)),
            Run(_sources.Services, new SnapshotHandler<V1Service>(this, ObservedKind.Service)),
            Run(_sources.ConfigMaps, new SnapshotHandler<V1ConfigMap>(this, ObservedKind.ConfigMap)),
            Run(_sources.Nodes, new SnapshotHandler<V1Node>(this, ObservedKind.Node)),
            Run(_sources.PersistentVolumes, new SnapshotHandler<V1PersistentVolume>(this, ObservedKind.PersistentVolume)),
        };
        await SyncedAsync(Task.WhenAll(synced)).ConfigureAwait(false);
    }

    private async Task SyncedAsync(Task synced)
    {
        try
        {
            await synced.ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException and not Errors.KinsException)
        {
            throw KubernetesErrors.ToKinsException(error, _connection);
        }
    }

    private Task Run<T>(IWatchSource<T> source, IInformerHandler<T> handler) where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var informer = new Informer<T>(source, handler, _options.Informers, this);
        _informers.Add(Task.Run(() => informer.RunAsync(_stop.Token)));
        return informer.Synced;
    }

    private void Evaluate(string unit)
    {
        Waiter[] waiters;
        lock (_waiters)
        {
            if (!_waiters.TryGetValue(unit, out var list))
            {
                return;
            }
            waiters = [.. list];
        }
        var current = Unit(unit);
        foreach (var waiter in waiters)
        {
            try
            {
                if (waiter.Done(current))
                {
                    waiter.Completion.TrySetResult(current);
                }
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                // A condition may decide the unit failed: it throws, and the waiter fails with it.
                waiter.Completion.TrySetException(error);
            }
        }
    }

    private void EvaluateAll()
    {
        string[] units;
        lock (_waiters)
        {
            units = [.. _waiters.Keys];
        }
        foreach (var unit in units)
        {
            Evaluate(unit);
        }
    }

    private sealed record Waiter(Func<NodeUnit?, bool> Done)
    {
        public TaskCompletionSource<NodeUnit?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Failing(DateTimeOffset since, Exception error, ITimer timer)
    {
        public DateTimeOffset Since { get; } = since;
        public Exception LastError { get; set; } = error;
        public ITimer Timer { get; } = timer;
    }

    private sealed class NodeUnitHandler(ClusterWatch watch) : IInformerHandler<NodeUnit>
    {
        public void Replace(IReadOnlyList<NodeUnit> items)
        {
            var names = items.Select(u => u.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var gone in watch._units.Keys.Where(n => !names.Contains(n)).ToList())
            {
                watch._units.TryRemove(gone, out _);
            }
            foreach (var unit in items)
            {
                watch._units[unit.Name] = unit;
            }
            watch.EvaluateAll();
        }

        public void Apply(WatchEventType type, NodeUnit item)
        {
            if (type == WatchEventType.Deleted)
            {
                watch._units.TryRemove(item.Name, out _);
            }
            else
            {
                watch._units[item.Name] = item;
            }
            watch.Evaluate(item.Name);
        }
    }

    private sealed class SnapshotHandler<T>(ClusterWatch watch, ObservedKind kind) : IInformerHandler<T> where T : IKubernetesObject<V1ObjectMeta>
    {
        public void Replace(IReadOnlyList<T> items)
        {
            var observed = items.Select(i => ObservedObjects.From(i)).OfType<ObservedObject>().ToList();
            watch.Snapshot.ReplaceKind(kind, observed, null);
            watch.EvaluateAll();
        }

        public void Apply(WatchEventType type, T item)
        {
            var before = watch.Snapshot.Find(kind, item.Metadata.Name);
            watch.Snapshot.Apply(type, item);
            var now = watch.Snapshot.Find(kind, item.Metadata.Name);
            if (now is null ? before is null : now.SameFacts(before))
            {
                // Nothing Observe reads changed (most status updates of a pod, say): no unit can be judged differently.
                return;
            }
            foreach (var unit in (before?.Units ?? []).Concat(now?.Units ?? []).Distinct(StringComparer.Ordinal))
            {
                watch.Evaluate(unit);
            }
        }
    }
}
