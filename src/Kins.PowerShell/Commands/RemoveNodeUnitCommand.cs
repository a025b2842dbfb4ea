using System.Management.Automation;
using Kins.Core.Connection;
using Kins.Core.Output;
using Kins.Core.Reconcile;
using Kins.PowerShell.Infrastructure;

namespace Kins.PowerShell.Commands;

/// <summary>Deletes NodeUnits safely: an L4/L5 unit is refused unless -Force demotes it first.</summary>
[Cmdlet(VerbsCommon.Remove, "NodeUnit", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType("Kins.NodeUnit")]
public sealed class RemoveNodeUnitCommand : BulkUnitCmdlet
{
    private bool _yesToAll;
    private bool _noToAll;

    #region Parameters

    /// <summary>Remove without asking; an L4/L5 unit is demoted first (destroying its edge cluster), then deleted.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Wait until the finalizer lets the object go.</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>How long to wait per unit.</summary>
    [Parameter]
    [DurationArgument(nameof(Timeout))]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(10);

    #endregion

    protected override string Activity => "Removing NodeUnits";

    protected override string WaitingFor => Force ? "the edge clusters' teardown and deletion" : "deletion";

    protected override bool Confirm(string unit, KinsConnection connection)
    {
        var action = Force
            ? "Remove, demoting it to L3 first if it runs an edge K3s cluster (that cluster and its data are destroyed)"
            : "Remove";
        if (WhatIfRequested)
        {
            return ShouldProcess(Target(unit, connection), action);
        }
        // Asked once (also under -Confirm), defaulting to No; -Force or -Confirm:$false skip it, as -Force does on Set-NodeUnitAutonomy.
        return Force || ConfirmWaived
            || AskDefaultNo($"Remove NodeUnit '{unit}' from context '{connection.ContextName}' ({connection.Server})? An L4/L5 unit is refused unless -Force.",
                "Confirm removal", "-Force or", ref _yesToAll, ref _noToAll);
    }

    protected override async Task<NodeUnitInfo?> RunAsync(KinsReconciler reconciler, string unit, Action<string> markChanged, CancellationToken cancellationToken) =>
        await reconciler.RemoveAsync(unit, Force, Wait, Timeout, markChanged, cancellationToken).ConfigureAwait(false);
}
