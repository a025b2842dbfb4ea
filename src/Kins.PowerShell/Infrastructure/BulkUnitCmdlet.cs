using System.Management.Automation;
using Kins.Core.Connection;
using Kins.Core.Errors;
using Kins.Core.Output;
using Kins.Core.Reconcile;

namespace Kins.PowerShell.Infrastructure;

/// <summary>
/// Shared shape of the bulk change cmdlets: ShouldProcess per unit on the pipeline thread, the work of the whole
/// pipeline in flight at most -ThrottleLimit at a time, one result or one error per unit as each finishes,
/// one progress bar, and on Ctrl+C a note of which units were already changed.
/// </summary>
public abstract class BulkUnitCmdlet : NodeUnitCmdlet
{
    private readonly Dictionary<KinsConnection, KinsReconciler> _reconcilers = [];
    private BulkRunner<NodeUnitInfo?>? _runner;

    /// <summary>Units in flight at once across the whole pipeline.</summary>
    [Parameter]
    [ValidateRange(1, 1024)]
    public int ThrottleLimit { get; set; } = 16;

    /// <summary>Emit the Kins.NodeUnit of each unit as it finishes.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>The progress bar's activity, e.g. "Promoting NodeUnits to L4".</summary>
    protected abstract string Activity { get; }

    /// <summary>Asks ShouldProcess (and any extra confirmation) for one unit.</summary>
    protected abstract bool Confirm(string unit, KinsConnection connection);

    /// <summary>The remote work for one unit; call <paramref name="markChanged"/> once the cluster was written.</summary>
    protected abstract Task<NodeUnitInfo?> RunAsync(KinsReconciler reconciler, string unit, Action<string> markChanged, CancellationToken cancellationToken);

    /// <summary>True when the user answered -Confirm:$false explicitly (which also waives extra confirmations).</summary>
    protected bool ConfirmWaived =>
        MyInvocation.BoundParameters.TryGetValue("Confirm", out var confirm) && confirm is SwitchParameter { IsPresent: false };

    protected static string Target(string unit, KinsConnection connection) => $"NodeUnit '{unit}' (context '{connection.ContextName}')";

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        if (ConnectFor(Name) is not { } connection)
        {
            return;
        }
        if (!_reconcilers.TryGetValue(connection, out var reconciler))
        {
            reconciler = new KinsReconciler(connection);
            _reconcilers[connection] = reconciler;
        }
        _runner ??= new BulkRunner<NodeUnitInfo?>(this, ThrottleLimit, Activity, OnResult, WriteKinsError,
            (unit, error) => KubernetesErrors.ToKinsException(error, target: unit));
        foreach (var unit in await ExpandNamesAsync(connection, cancellationToken).ConfigureAwait(true))
        {
            if (Confirm(unit, connection))
            {
                var runner = _runner;
                await runner.AddAsync(unit, ct => RunExplainedAsync(reconciler, unit, runner.MarkChanged, ct), cancellationToken).ConfigureAwait(true);
            }
        }
    }

    /// <summary>Runs one unit's work; a failure that is not yet a Kins error is explained with the unit's own cluster.</summary>
    private async Task<NodeUnitInfo?> RunExplainedAsync(KinsReconciler reconciler, string unit, Action<string> markChanged, CancellationToken cancellationToken)
    {
        try
        {
            return await RunAsync(reconciler, unit, markChanged, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not KinsException and not OperationCanceledException)
        {
            throw KubernetesErrors.ToKinsException(error, reconciler.Connection, unit);
        }
    }

    protected override async Task EndProcessingAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (_runner is not null)
            {
                await _runner.CompleteAllAsync().ConfigureAwait(true);
            }
        }
        finally
        {
            await DisposeReconcilersAsync().ConfigureAwait(true);
        }
    }

    protected override void OnStopping()
    {
        var changed = _runner?.Changed ?? [];
        // Only the host can be written to once the pipeline is stopping (a hostless runspace has no UI).
        Host?.UI?.WriteWarningLine(changed.Count == 0
            ? "Stopped: no NodeUnit had been changed yet."
            : $"Stopped. These NodeUnits were already changed and site-manager goes on with them: {string.Join(", ", changed)}. Follow them with Get-NodeUnit.");
        _ = DisposeReconcilersAsync();
    }

    private void OnResult(NodeUnitInfo? unit)
    {
        if (PassThru && unit is not null)
        {
            WriteTyped(unit, TypeNames.NodeUnit);
        }
    }

    private async Task DisposeReconcilersAsync()
    {
        KinsReconciler[] reconcilers;
        lock (_reconcilers)
        {
            reconcilers = [.. _reconcilers.Values];
            _reconcilers.Clear();
        }
        foreach (var reconciler in reconcilers)
        {
            await reconciler.DisposeAsync().ConfigureAwait(false);
        }
    }
}
