using System.Management.Automation;
using Kins.Core.Bulk;
using Kins.Core.Errors;

namespace Kins.PowerShell.Infrastructure;

/// <summary>
/// Base of every Kins cmdlet: a cancellation token that Ctrl+C (StopProcessing) cancels, and async
/// Begin/Process/End that run on the pipeline thread through <see cref="PipelineThreadPump"/>.
/// </summary>
public abstract class AsyncCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Cancelled when the user presses Ctrl+C or the pipeline stops.</summary>
    protected CancellationToken StopToken => _stopping.Token;

    protected sealed override void BeginProcessing()
    {
        OnCommandLineBound();
        Run(BeginProcessingAsync);
    }
    protected sealed override void ProcessRecord() => Run(ProcessRecordAsync);
    protected sealed override void EndProcessing() => Run(EndProcessingAsync);

    /// <summary>Runs first in BeginProcessing, when only the command line's parameters are bound (not yet the pipeline's).</summary>
    protected virtual void OnCommandLineBound() { }

    protected virtual Task BeginProcessingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    protected virtual Task ProcessRecordAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    protected virtual Task EndProcessingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected override void StopProcessing()
    {
        _stopping.Cancel();
        OnStopping();
    }

    /// <summary>Called on Ctrl+C (on another thread): tell the user what was already done. Only the host may be written to.</summary>
    protected virtual void OnStopping() { }

    private void Run(Func<CancellationToken, Task> step)
    {
        try
        {
            PipelineThreadPump.Run(() => step(StopToken));
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        catch (Exception error) when (error is not OutOfMemoryException && !StopToken.IsCancellationRequested)
        {
            // The call ends here (a failure no item handled, or -ErrorAction Stop on an item's error, which PowerShell
            // records and turns into PipelineStoppedException): first say what it already did.
            ReportBeforeEnding();
            if (error is KinsException kins)
            {
                ThrowKinsError(kins);
            }
            throw;
        }
    }

    /// <summary>
    /// Called on the pipeline thread when a terminating error ends the call, before it propagates: report what was
    /// already done (results, changed units still in progress). Must not hide the original error.
    /// </summary>
    protected virtual Task EndingOnErrorAsync() => Task.CompletedTask;

    private void ReportBeforeEnding()
    {
        try
        {
            PipelineThreadPump.Run(EndingOnErrorAsync);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // Writing the report failed too (e.g. -WarningAction Stop): the original error is what the user must see.
        }
    }

    protected string ResolveOutputPath(string path) => SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);

    /// <summary>Writes an output object under its Kins type name, so the format views apply.</summary>
    protected void WriteTyped(object value, string typeName)
    {
        var wrapped = PSObject.AsPSObject(value);
        wrapped.TypeNames.Insert(0, typeName);
        WriteObject(wrapped);
    }

    /// <summary>Writes a non-terminating error for one item; the pipeline goes on.</summary>
    protected void WriteKinsError(KinsException exception) => WriteError(ErrorRecords.From(exception));

    /// <summary>Stops the whole call: for what breaks every item (unreadable kubeconfig, unknown context).</summary>
    protected void ThrowKinsError(KinsException exception) => ThrowTerminatingError(ErrorRecords.From(exception));

    /// <summary>
    /// Called when the cmdlet is disposed, also when another command of the pipeline ended the call with an error
    /// (then neither EndProcessing nor StopProcessing runs). Only the host may be written to.
    /// </summary>
    protected virtual void OnDisposing() { }

    public void Dispose()
    {
        OnDisposing();
        _stopping.Cancel();
        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }
}
