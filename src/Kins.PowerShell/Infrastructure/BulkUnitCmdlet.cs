using System.Management.Automation;
using Kins.Core.Bulk;
using Kins.Core.Connection;
using Kins.Core.Output;
using Kins.Core.Reconcile;

namespace Kins.PowerShell.Infrastructure;

/// <summary>
/// Shared shape of the bulk change cmdlets: ShouldProcess per unit on the pipeline thread, the work of the whole
/// pipeline through one <see cref="BulkPipeline"/> (at most -ThrottleLimit requests in flight; waiting holds no
/// slot), one result or one error per unit as each finishes, one progress bar, and whatever ends the call
/// (end of input, a terminating error, Ctrl+C) every changed unit is reported.
/// </summary>
public abstract class BulkUnitCmdlet : NodeUnitCmdlet
{
    private readonly BulkCall _bulk = new();

    /// <summary>API requests (reads, patches, deletes) in flight at once across the whole pipeline; waiting units hold none.</summary>
    [Parameter]
    [ValidateRange(1, 1024)]
    public int ThrottleLimit { get; set; } = 16;

    /// <summary>Emit the Kins.NodeUnit of each unit as it finishes.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>The progress bar's activity, e.g. "Promoting NodeUnits to L4".</summary>
    protected abstract string Activity { get; }

    /// <summary>What waiting units wait for, in the progress bar: e.g. "L4 (Ready)".</summary>
    protected abstract string WaitingFor { get; }

    /// <summary>The batch's bounds; cmdlets with rollout parameters add theirs.</summary>
    protected virtual BulkOptions Options => new() { ThrottleLimit = ThrottleLimit };

    /// <summary>Asks ShouldProcess (and any extra confirmation) for one unit.</summary>
    protected abstract bool Confirm(string unit, KinsConnection connection);

    /// <summary>The remote work for one unit; call <paramref name="markChanged"/> once the cluster was written.</summary>
    protected abstract Task<NodeUnitInfo?> RunAsync(KinsReconciler reconciler, string unit, Action<string> markChanged, CancellationToken cancellationToken);

    /// <summary>True when the user answered -Confirm:$false explicitly (which also waives extra confirmations).</summary>
    protected bool ConfirmWaived =>
        MyInvocation.BoundParameters.TryGetValue("Confirm", out var confirm) && confirm is SwitchParameter { IsPresent: false };

    /// <summary>
    /// A question that defaults to No (ShouldContinue). A host that cannot ask (-NonInteractive, or input at its end,
    /// where PowerShell's prompt fails with a bare NullReferenceException) ends the call with an error that says how to
    /// answer it up front, before anything is written.
    /// </summary>
    protected bool AskDefaultNo(string query, string caption, string confirmParameter, ref bool yesToAll, ref bool noToAll)
    {
        try
        {
            return ShouldContinue(query, caption, true, ref yesToAll, ref noToAll);
        }
        catch (Exception error) when (error is not PipelineStoppedException and not OutOfMemoryException)
        {
            ThrowTerminatingError(new ErrorRecord(
                new InvalidOperationException($"{caption}: this PowerShell host cannot ask ({(error is NullReferenceException ? "its input has ended" : error.Message)}). Pass {confirmParameter} -Confirm:$false to answer Yes up front, or run the command where it can ask."),
                ConfirmationUnavailableId, ErrorCategory.InvalidOperation, query));
            return false;
        }
    }

    private const string ConfirmationUnavailableId = "ConfirmationUnavailable";

    protected static string Target(string unit, KinsConnection connection) => $"NodeUnit '{unit}' (context '{connection.ContextName}')";

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        if (ConnectFor(Name) is not { } connection)
        {
            return;
        }
        var bulk = _bulk.GetOrStart(() => new BulkPipeline(this, Options, Activity, WaitingFor, OnResult, cancellationToken));
        foreach (var unit in await ExpandNamesAsync(connection, cancellationToken).ConfigureAwait(true))
        {
            if (Confirm(unit, connection))
            {
                bulk.Add(connection, unit, (reconciler, markChanged, ct) => RunAsync(reconciler, unit, markChanged, ct));
            }
        }
    }

    protected override Task EndProcessingAsync(CancellationToken cancellationToken) => _bulk.CompleteAsync(cancellationToken);

    protected override Task EndingOnErrorAsync() => _bulk.AbandonAsync();

    protected override void OnStopping() => _bulk.Stop(Host, "Stopped: no NodeUnit had been changed yet.");

    protected override void OnDisposing() => _bulk.EndedElsewhere(Host);

    private void OnResult(NodeUnitInfo unit)
    {
        if (PassThru)
        {
            WriteTyped(unit, TypeNames.NodeUnit);
        }
    }
}
