using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using Kins.Core.Bulk;
using Kins.Core.Connection;
using Kins.Core.Output;
using Kins.Core.Reconcile;

namespace Kins.PowerShell.Infrastructure;

/// <summary>
/// The PowerShell side of a bulk cmdlet: feeds units to a <see cref="BulkRunner{TResult}"/>, hands each outcome back
/// on the pipeline thread (result or one ErrorRecord per unit), keeps one progress bar over the whole pipeline that
/// refreshes on a timer while units wait, and, whatever ends the call, names every changed unit not yet reported.
/// </summary>
internal sealed class BulkPipeline : IAsyncDisposable
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);

    private readonly AsyncCmdlet _cmdlet;
    private readonly string _activity;
    private readonly string _waitingFor;
    private readonly Action<NodeUnitInfo> _onResult;
    private readonly CancellationTokenSource _work;
    private readonly BulkRunner<NodeUnitInfo?> _runner;
    private readonly AsyncDisposableCache<KinsConnection, KinsReconciler> _reconcilers = new();
    private readonly UnitFailureReport _failures = new();
    private readonly HashSet<BulkUnit> _reported = [];
    private readonly int _activityId;
    private readonly TimeProvider _time = TimeProvider.System;
    private long _lastProgress;
    private bool _progressShown;

    public BulkPipeline(AsyncCmdlet cmdlet, BulkOptions options, string activity, string waitingFor, Action<NodeUnitInfo> onResult, CancellationToken stopToken)
    {
        _cmdlet = cmdlet;
        _activity = activity;
        _waitingFor = waitingFor;
        _onResult = onResult;
        _work = CancellationTokenSource.CreateLinkedTokenSource(stopToken);
        _runner = new BulkRunner<NodeUnitInfo?>(options, _work.Token);
        _activityId = Math.Abs(activity.GetHashCode(StringComparison.Ordinal) % 100000) + 1;
    }

    /// <summary>Queues one unit's work on <paramref name="connection"/>'s cluster, then hands back whatever finished meanwhile.</summary>
    public void Add(KinsConnection connection, string name, Func<KinsReconciler, Action<string>, CancellationToken, Task<NodeUnitInfo?>> work)
    {
        var reconciler = _reconcilers.GetOrAdd(connection,
            c => new KinsReconciler(c, _runner.ThrottleFor(c.ContextName, c.Server)));
        var unit = new BulkUnit(name, connection.ContextName, connection.Server);
        _runner.Add(unit, ct => RunAsync(reconciler, unit, work, ct));
        HandBack();
        ReportProgress();
    }

    /// <summary>End of input: waits for every unit, handing each back as it finishes, the progress bar refreshing meanwhile.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        _runner.CompleteAdding();
        var reader = _runner.Outcomes;
        Task<bool>? more = null;
        Task? tick = null;
        while (true)
        {
            HandBack();
            if (reader.Completion.IsCompleted)
            {
                break;
            }
            ReportProgress();
            more ??= reader.WaitToReadAsync(cancellationToken).AsTask();
            tick ??= Task.Delay(RefreshInterval, _time, cancellationToken);
            await Task.WhenAny(more, tick).ConfigureAwait(true);
            cancellationToken.ThrowIfCancellationRequested();
            if (tick.IsCompleted)
            {
                tick = null;
            }
            if (more.IsCompleted)
            {
                if (!await more.ConfigureAwait(true))
                {
                    break;
                }
                more = null;
            }
        }
        HandBack();
        var progress = _runner.Progress;
        if (_progressShown)
        {
            _cmdlet.WriteProgress(new ProgressRecord(_activityId, _activity, "Done") { RecordType = ProgressRecordType.Completed });
        }
        _cmdlet.WriteVerbose(string.Create(CultureInfo.InvariantCulture,
            $"{_activity}: {progress.Describe(_waitingFor)}; at most {progress.PeakApiInFlight} request(s) in flight and {progress.PeakWaiting} unit(s) waiting at once."));
    }

    /// <summary>A terminating error ends the cmdlet: <see cref="EndOnErrorAsync"/>, then close the watches.</summary>
    public async Task AbandonAsync()
    {
        try
        {
            await EndOnErrorAsync().ConfigureAwait(true);
        }
        finally
        {
            await DisposeAsync().ConfigureAwait(true);
        }
    }

    /// <summary>
    /// The call is ending on a terminating error: start nothing more, let requests in flight settle, hand back what
    /// finished, and warn about every changed unit still in progress (its wait is abandoned, site-manager goes on).
    /// </summary>
    public async Task EndOnErrorAsync()
    {
        await _runner.StopStartingAsync().ConfigureAwait(true);
        try
        {
            HandBack();
        }
        catch (PipelineStoppedException)
        {
            // -ErrorAction Stop already stopped the pipeline: what was not handed back is named below.
        }
        var inProgress = UnreportedChanges();
        await _work.CancelAsync().ConfigureAwait(true);
        if (inProgress.Count > 0)
        {
            Warn($"Ending on an error before these were reported: {Count(inProgress)} changed and site-manager goes on with them: {Names(inProgress)}. Follow them with Get-NodeUnit.");
        }
        if (_progressShown)
        {
            try
            {
                _cmdlet.WriteProgress(new ProgressRecord(_activityId, _activity, "Stopped") { RecordType = ProgressRecordType.Completed });
            }
            catch (PipelineStoppedException)
            {
                // The host clears a stopped pipeline's progress itself.
            }
        }
    }

    /// <summary>A warning in the warning stream, or on the host once the pipeline is stopping and takes no more records.</summary>
    private void Warn(string text)
    {
        try
        {
            _cmdlet.WriteWarning(text);
        }
        catch (PipelineStoppedException)
        {
            _cmdlet.Host?.UI?.WriteWarningLine(text);
        }
    }

    /// <summary>Ctrl+C (another thread; only the host may be written to): name the changed units not reported yet, then stop.</summary>
    public void OnStopping(PSHost? host) => StopWithReport(host, "Stopped");

    /// <summary>Another command of the pipeline ended it with an error: the same report as Ctrl+C, then stop.</summary>
    public void OnPipelineEnded(PSHost? host) => StopWithReport(host, "The pipeline ended on another command's error");

    private void StopWithReport(PSHost? host, string why)
    {
        try
        {
            WarnStopped(host, why);
        }
        finally
        {
            StopNow();
        }
    }

    private void WarnStopped(PSHost? host, string why)
    {
        var inProgress = UnreportedChanges();
        var midRequest = _runner.Unfinished().Where(u => u.InRequest && !u.Changed).Select(u => u.Unit).ToList();
        var text = inProgress.Count == 0
            ? $"{why}: no NodeUnit had been changed without being reported."
            : $"{why}. {Count(inProgress)} changed and site-manager goes on with them: {Names(inProgress)}. Follow them with Get-NodeUnit.";
        if (midRequest.Count > 0)
        {
            text += $" A request was in flight for {Count(midRequest)}: {Names(midRequest)}; they may have been changed too.";
        }
        host?.UI?.WriteWarningLine(text);
    }

    /// <summary>Ctrl+C: cancel every unit's work and close the watches, from any thread.</summary>
    private void StopNow()
    {
        _work.Cancel();
        _ = _reconcilers.DisposeAsync().AsTask();
    }

    public async ValueTask DisposeAsync()
    {
        await _work.CancelAsync().ConfigureAwait(false);
        await _reconcilers.DisposeAsync().ConfigureAwait(false);
        _runner.Dispose();
        _work.Dispose();
    }

    /// <summary>Runs one unit's work; its writes are counted by the runner.</summary>
    private Task<NodeUnitInfo?> RunAsync(KinsReconciler reconciler, BulkUnit unit, Func<KinsReconciler, Action<string>, CancellationToken, Task<NodeUnitInfo?>> work, CancellationToken cancellationToken) =>
        work(reconciler, _ => _runner.MarkChanged(unit), cancellationToken);

    /// <summary>Hands back every outcome available now (pipeline thread).</summary>
    private void HandBack()
    {
        while (_runner.Outcomes.TryRead(out var outcome))
        {
            if (outcome.Cancelled)
            {
                continue;
            }
            if (outcome.Error is null)
            {
                if (outcome.Result is { } result)
                {
                    _onResult(result);
                }
                MarkReported(outcome.Unit);
            }
            else
            {
                // An error counts as reported even when -ErrorAction Stop turns writing it into the end of the call.
                MarkReported(outcome.Unit);
                _cmdlet.WriteError(ErrorRecords.From(_failures.Describe(outcome.Unit, outcome.Error, outcome.Changed)));
            }
            ReportProgress();
        }
    }

    private void MarkReported(BulkUnit unit)
    {
        lock (_reported)
        {
            _reported.Add(unit);
        }
    }

    private List<BulkUnit> UnreportedChanges()
    {
        lock (_reported)
        {
            return [.. _runner.Changed().Where(u => !_reported.Contains(u))];
        }
    }

    private void ReportProgress()
    {
        var progress = _runner.Progress;
        if (progress.Received <= 1)
        {
            return;
        }
        var now = _time.GetTimestamp();
        if (_progressShown && _time.GetElapsedTime(_lastProgress, now) < ProgressInterval)
        {
            return;
        }
        _lastProgress = now;
        _progressShown = true;
        _cmdlet.WriteProgress(new ProgressRecord(_activityId, _activity, progress.Describe(_waitingFor))
        {
            PercentComplete = progress.PercentComplete,
        });
    }

    private static string Count(List<BulkUnit> units) => units.Count == 1 ? "1 NodeUnit was" : $"{units.Count} NodeUnits were";

    /// <summary>Every unit by name, the context said once per cluster: a stopped batch of a thousand stays readable, and complete.</summary>
    private static string Names(IEnumerable<BulkUnit> units) =>
        string.Join("; ", units.GroupBy(u => u.Context, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"in context '{g.Key}' {string.Join(", ", g.Select(u => u.Name).Order(StringComparer.Ordinal))}"));
}
