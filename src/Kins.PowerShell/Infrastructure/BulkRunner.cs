using System.Collections.Concurrent;
using System.Management.Automation;
using Kins.Core.Errors;

namespace Kins.PowerShell.Infrastructure;

/// <summary>
/// Runs per-unit work for a whole pipeline with at most <c>throttleLimit</c> units in flight. Units are added
/// as they arrive (after ShouldProcess, on the pipeline thread); each result or failure is handed back on
/// the pipeline thread as soon as the unit finishes, and one progress bar tracks the batch.
/// </summary>
internal sealed class BulkRunner<TResult>
{
    private readonly AsyncCmdlet _cmdlet;
    private readonly int _throttleLimit;
    private readonly string _activity;
    private readonly Action<TResult> _onResult;
    private readonly Action<KinsException> _onFailure;
    private readonly Func<string, Exception, KinsException> _describeFailure;
    private readonly List<(string Unit, Task<TResult> Work)> _inFlight = [];
    private readonly ConcurrentDictionary<string, byte> _changed = new(StringComparer.Ordinal);
    private readonly int _activityId;
    private int _started;
    private int _succeeded;
    private int _failed;

    public BulkRunner(AsyncCmdlet cmdlet, int throttleLimit, string activity, Action<TResult> onResult, Action<KinsException> onFailure,
        Func<string, Exception, KinsException> describeFailure)
    {
        _cmdlet = cmdlet;
        _throttleLimit = Math.Max(1, throttleLimit);
        _activity = activity;
        _onResult = onResult;
        _onFailure = onFailure;
        _describeFailure = describeFailure;
        _activityId = Math.Abs(activity.GetHashCode(StringComparison.Ordinal) % 100000) + 1;
    }

    /// <summary>Units whose cluster state this batch already changed (reported when the user stops it).</summary>
    public IReadOnlyCollection<string> Changed => [.. _changed.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Work items call this once they have written to the cluster (thread-safe).</summary>
    public void MarkChanged(string unit) => _changed.TryAdd(unit, 0);

    /// <summary>Starts the unit's work, first waiting for a free slot (handing back whatever finished meanwhile).</summary>
    public async Task AddAsync(string unit, Func<CancellationToken, Task<TResult>> work, CancellationToken cancellationToken)
    {
        while (_inFlight.Count >= _throttleLimit)
        {
            await CompleteOneAsync().ConfigureAwait(true);
        }
        cancellationToken.ThrowIfCancellationRequested();
        _started++;
        // Task.Run keeps the work off the pipeline thread; only completions come back to it.
        _inFlight.Add((unit, Task.Run(() => work(cancellationToken), cancellationToken)));
        ReportProgress();
    }

    /// <summary>Waits for every unit still in flight, handing back each as it finishes, then completes the progress bar.</summary>
    public async Task CompleteAllAsync()
    {
        while (_inFlight.Count > 0)
        {
            await CompleteOneAsync().ConfigureAwait(true);
        }
        if (_started > 1)
        {
            _cmdlet.WriteProgress(new ProgressRecord(_activityId, _activity, "Done") { RecordType = ProgressRecordType.Completed });
        }
    }

    private async Task CompleteOneAsync()
    {
        var finished = await Task.WhenAny(_inFlight.Select(i => (Task)i.Work)).ConfigureAwait(true);
        var index = _inFlight.FindIndex(i => i.Work == finished);
        var (unit, work) = _inFlight[index];
        _inFlight.RemoveAt(index);
        if (work.IsCompletedSuccessfully)
        {
            _succeeded++;
            _onResult(work.Result);
        }
        else
        {
            var error = work.Exception?.GetBaseException() ?? new OperationCanceledException();
            if (error is OperationCanceledException)
            {
                throw error;
            }
            _failed++;
            _onFailure(error as KinsException ?? _describeFailure(unit, error));
        }
        ReportProgress();
    }

    private void ReportProgress()
    {
        if (_started <= 1)
        {
            return;
        }
        var finished = _succeeded + _failed;
        _cmdlet.WriteProgress(new ProgressRecord(_activityId, _activity,
            $"{finished} of {_started} done ({_succeeded} ok, {_failed} failed), {_inFlight.Count} in flight")
        {
            PercentComplete = (int)(100.0 * finished / _started),
        });
    }
}
