using System.Threading.Channels;

namespace Kins.Core.Bulk;

/// <summary>
/// Runs per-unit work for a whole pipeline. Units are added as they arrive and never block the caller; at most
/// <see cref="BulkOptions.ThrottleLimit"/> API requests are in flight (a unit holds a slot only while it reads or
/// writes, not while it waits), at most <see cref="BulkOptions.MaxConcurrentChanges"/> units are started and not
/// finished, and once <see cref="BulkOptions.FailureBudget"/> units failed the rest are skipped, each with its own
/// outcome. Outcomes stream through <see cref="Outcomes"/> in the order units finish. Thread-safe.
/// </summary>
public sealed class BulkRunner<TResult> : IDisposable
{
    private readonly object _gate = new();
    private readonly BulkOptions _options;
    private readonly CancellationToken _cancellation;
    private readonly SemaphoreSlim _apiSlots;
    private readonly CancellationTokenSource _stopStarting = new();
    private readonly Queue<UnitState> _queued = new();
    private readonly List<UnitState> _active = [];
    private readonly List<BulkUnit> _failedUnits = [];
    private readonly HashSet<BulkUnit> _changed = [];
    private readonly Channel<BulkOutcome<TResult>> _outcomes =
        Channel.CreateUnbounded<BulkOutcome<TResult>>(new UnboundedChannelOptions { SingleReader = true });
    private TaskCompletionSource? _writesSettled;
    private bool _addingCompleted;
    private bool _stopped;
    private int _received;
    private int _succeeded;
    private int _failed;
    private int _skipped;
    private int _apiInFlight;
    private int _peakWaiting;
    private int _peakApiInFlight;

    public BulkRunner(BulkOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ThrottleLimit, 1);
        if (options.MaxConcurrentChanges is { } max)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        }
        if (options.FailureBudget is { } budget)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(budget, 1);
        }
        _options = options;
        _cancellation = cancellationToken;
        _apiSlots = new SemaphoreSlim(options.ThrottleLimit, options.ThrottleLimit);
    }

    /// <summary>Every unit's outcome, as it finishes; completes after <see cref="CompleteAdding"/> once every unit ended.</summary>
    public ChannelReader<BulkOutcome<TResult>> Outcomes => _outcomes.Reader;

    /// <summary>True once the failure budget was spent: further units are skipped.</summary>
    public bool BudgetSpent { get; private set; }

    public BulkProgress Progress
    {
        get
        {
            lock (_gate)
            {
                var (writing, waiting) = CountActive();
                return new BulkProgress(_received, _queued.Count, writing, waiting, _succeeded, _failed, _skipped, _peakWaiting, _peakApiInFlight);
            }
        }
    }

    /// <summary>The throttle a reconciler of one cluster uses, so that its requests count for the right unit.</summary>
    public IApiThrottle ThrottleFor(string context, string server) => new ClusterThrottle(this, context, server);

    /// <summary>Queues a unit; it starts as soon as the bounds allow. Never blocks.</summary>
    public void Add(BulkUnit unit, Func<CancellationToken, Task<TResult>> work)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(work);
        lock (_gate)
        {
            if (_addingCompleted)
            {
                throw new InvalidOperationException("The batch takes no more units.");
            }
            _received++;
            var state = new UnitState(unit, work);
            if (BudgetSpent)
            {
                Skip(state);
                return;
            }
            if (_stopped)
            {
                return;
            }
            _queued.Enqueue(state);
            StartWhatFits();
        }
    }

    /// <summary>The unit's work wrote to the cluster (reported by the work, from any thread).</summary>
    public void MarkChanged(BulkUnit unit)
    {
        lock (_gate)
        {
            if (Find(unit) is { } state)
            {
                state.Changed = true;
            }
            _changed.Add(unit);
        }
    }

    /// <summary>Every unit whose work wrote to the cluster so far, finished or not.</summary>
    public IReadOnlyList<BulkUnit> Changed()
    {
        lock (_gate)
        {
            return [.. _changed];
        }
    }

    /// <summary>No more units: <see cref="Outcomes"/> completes once every unit ended.</summary>
    public void CompleteAdding()
    {
        lock (_gate)
        {
            _addingCompleted = true;
            CompleteIfDone();
        }
    }

    /// <summary>
    /// For a batch that is being ended (a terminating error): starts nothing more, refuses further API work, and
    /// completes once no unit is in the middle of a request, so that what was changed is known.
    /// </summary>
    public Task StopStartingAsync()
    {
        lock (_gate)
        {
            _stopped = true;
            _queued.Clear();
            _addingCompleted = true;
            _stopStarting.Cancel();
            CompleteIfDone();
            if (_apiInFlight == 0)
            {
                return Task.CompletedTask;
            }
            _writesSettled ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _writesSettled.Task;
        }
    }

    /// <summary>Units started and not finished: whether each changed the cluster, and whether it is mid-request.</summary>
    public IReadOnlyList<(BulkUnit Unit, bool Changed, bool InRequest)> Unfinished()
    {
        lock (_gate)
        {
            return [.. _active.Select(s => (s.Unit, s.Changed, s.InApi > 0))];
        }
    }

    public void Dispose()
    {
        // The slots are left undisposed: work still ending after Ctrl+C releases them.
        _stopStarting.Dispose();
    }

    private void StartWhatFits()
    {
        while (_queued.Count > 0 && !_stopped && !_cancellation.IsCancellationRequested
               && (_options.MaxConcurrentChanges is not { } max || _active.Count < max))
        {
            var state = _queued.Dequeue();
            _active.Add(state);
            _ = RunAsync(state);
        }
    }

    private async Task RunAsync(UnitState state)
    {
        BulkOutcome<TResult> outcome;
        try
        {
            // Off the caller's thread: only outcomes go back to it.
            var result = await Task.Run(() => state.Work(_cancellation), CancellationToken.None).ConfigureAwait(false);
            outcome = new BulkOutcome<TResult>(state.Unit, result, null, state.Changed, Skipped: false);
        }
        catch (Exception error)
        {
            // A request timing out is a failure; only the batch's own cancellation means "not finished".
            var cancelled = error is OperationCanceledException && (_cancellation.IsCancellationRequested || _stopped);
            outcome = new BulkOutcome<TResult>(state.Unit, default, error, state.Changed, Skipped: false, cancelled);
        }
        Finish(state, outcome);
    }

    private void Finish(UnitState state, BulkOutcome<TResult> outcome)
    {
        lock (_gate)
        {
            _active.Remove(state);
            if (outcome.Succeeded)
            {
                _succeeded++;
            }
            else if (!outcome.Cancelled)
            {
                _failed++;
                _failedUnits.Add(state.Unit);
            }
            _outcomes.Writer.TryWrite(outcome);
            if (!outcome.Succeeded && !outcome.Cancelled && _options.FailureBudget is { } budget && _failed >= budget && !BudgetSpent)
            {
                BudgetSpent = true;
                while (_queued.Count > 0)
                {
                    Skip(_queued.Dequeue());
                }
            }
            StartWhatFits();
            CompleteIfDone();
        }
    }

    private void Skip(UnitState state)
    {
        _skipped++;
        var error = BulkErrors.Skipped(state.Unit, _options.FailureBudget ?? 0, _failedUnits);
        _outcomes.Writer.TryWrite(new BulkOutcome<TResult>(state.Unit, default, error, Changed: false, Skipped: true));
    }

    private void CompleteIfDone()
    {
        if (_addingCompleted && _queued.Count == 0 && _active.Count == 0)
        {
            _outcomes.Writer.TryComplete();
        }
    }

    private UnitState? Find(BulkUnit unit)
    {
        // A unit piped twice is two states; requests count for the first one that is not mid-request.
        UnitState? found = null;
        foreach (var state in _active)
        {
            if (state.Unit == unit)
            {
                if (state.InApi == 0)
                {
                    return state;
                }
                found ??= state;
            }
        }
        return found;
    }

    private (int Writing, int Waiting) CountActive()
    {
        var waiting = _active.Count(s => s.IsWaiting);
        return (_active.Count - waiting, waiting);
    }

    private async ValueTask<IApiSlot> EnterAsync(BulkUnit unit, CancellationToken cancellationToken)
    {
        UnitState? state;
        lock (_gate)
        {
            state = Find(unit);
        }
        await TakeSlotAsync(state, cancellationToken).ConfigureAwait(false);
        return new Slot(this, state);
    }

    private async Task TakeSlotAsync(UnitState? state, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (state is not null)
            {
                state.SlotWaits++;
            }
        }
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopStarting.Token);
            await _apiSlots.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopStarting.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The batch was stopped before this unit's request was sent.", null, _stopStarting.Token);
        }
        finally
        {
            lock (_gate)
            {
                if (state is not null)
                {
                    state.SlotWaits--;
                }
            }
        }
        lock (_gate)
        {
            if (state is not null)
            {
                state.InApi++;
                state.HadSlot = true;
            }
            _apiInFlight++;
            _peakApiInFlight = Math.Max(_peakApiInFlight, _apiInFlight);
        }
    }

    private void Leave(UnitState? state)
    {
        lock (_gate)
        {
            if (state is not null)
            {
                state.InApi--;
            }
            _apiInFlight--;
            _peakWaiting = Math.Max(_peakWaiting, CountActive().Waiting);
            if (_apiInFlight == 0 && _writesSettled is { } settled)
            {
                settled.TrySetResult();
            }
        }
        _apiSlots.Release();
    }

    private sealed class UnitState(BulkUnit unit, Func<CancellationToken, Task<TResult>> work)
    {
        public BulkUnit Unit { get; } = unit;
        public Func<CancellationToken, Task<TResult>> Work { get; } = work;
        public bool Changed { get; set; }
        public int InApi { get; set; }
        public int SlotWaits { get; set; }
        public bool HadSlot { get; set; }

        /// <summary>Done with its requests for now and waiting for the cluster.</summary>
        public bool IsWaiting => HadSlot && InApi == 0 && SlotWaits == 0;
    }

    private sealed class Slot(BulkRunner<TResult> runner, UnitState? state) : IApiSlot
    {
        private int _held = 1;

        public async Task PauseAsync(TimeSpan delay, CancellationToken cancellationToken)
        {
            if (Interlocked.Exchange(ref _held, 0) == 1)
            {
                runner.Leave(state);
            }
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            await runner.TakeSlotAsync(state, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _held, 1);
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _held, 0) == 1)
            {
                runner.Leave(state);
            }
        }
    }

    private sealed class ClusterThrottle(BulkRunner<TResult> runner, string context, string server) : IApiThrottle
    {
        public ValueTask<IApiSlot> EnterAsync(string unit, CancellationToken cancellationToken) =>
            runner.EnterAsync(new BulkUnit(unit, context, server), cancellationToken);
    }
}
