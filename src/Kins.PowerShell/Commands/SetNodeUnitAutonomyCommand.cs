using System.Management.Automation;
using Kins.Core.Bulk;
using Kins.Core.Connection;
using Kins.Core.Errors;
using Kins.Core.Model;
using Kins.Core.Output;
using Kins.Core.Reconcile;
using Kins.PowerShell.Completion;
using Kins.PowerShell.Infrastructure;

namespace Kins.PowerShell.Commands;

/// <summary>Promotes NodeUnits to an edge K3s cluster (L4/L5) or demotes them back to L3.</summary>
[Cmdlet(VerbsCommon.Set, "NodeUnitAutonomy", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType("Kins.NodeUnit")]
public sealed class SetNodeUnitAutonomyCommand : BulkUnitCmdlet
{
    private bool _yesToAll;
    private bool _noToAll;

    #region Parameters

    /// <summary>The level to move to: L3 (standard pool), L4 (one K3s master), L5 (three K3s masters); binds a CSV column by property name.</summary>
    /// <remarks>A string, not the Kins.Core enum: PowerShell reflects parameter types before the module can load Kins.Core.</remarks>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Level")]
    [ValidateSet("L3", "L4", "L5", IgnoreCase = true)]
    public string AutonomyLevel { get; set; } = string.Empty;

    /// <summary>Wait until each unit has reached the level (Ready for L4/L5, Standard for L3).</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>How long to wait per unit with -Wait.</summary>
    [Parameter]
    [DurationArgument(nameof(Timeout))]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Demote to L3 without asking (the edge cluster is destroyed).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>With -Wait, how many units may be changing at once (from their start until they reached the level or failed); unbounded by default.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int MaxConcurrentChanges { get; set; }

    /// <summary>Once this many units failed, start no further unit: each one not started gets a NodeUnitSkipped error.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int FailureBudget { get; set; }

    #endregion

    private AutonomyLevel TargetLevel => AutonomyLevels.Parse(AutonomyLevel);

    protected override string Activity => TargetLevel == Kins.Core.Model.AutonomyLevel.L3 ? "Demoting NodeUnits to L3" : $"Promoting NodeUnits to {TargetLevel.ToSpecValue()}";

    protected override string WaitingFor => TargetLevel == Kins.Core.Model.AutonomyLevel.L3 ? "L3 (Standard)" : $"{TargetLevel.ToSpecValue()} (Ready)";

    protected override BulkOptions Options => base.Options with
    {
        MaxConcurrentChanges = MyInvocation.BoundParameters.ContainsKey(nameof(MaxConcurrentChanges)) ? MaxConcurrentChanges : null,
        FailureBudget = MyInvocation.BoundParameters.ContainsKey(nameof(FailureBudget)) ? FailureBudget : null,
    };

    protected override Task BeginProcessingAsync(CancellationToken cancellationToken)
    {
        if (MyInvocation.BoundParameters.ContainsKey(nameof(MaxConcurrentChanges)) && !Wait)
        {
            // Without -Wait a unit's change ends with its patch, so there is nothing to bound.
            ThrowKinsError(new KinsException(KinsErrorIds.ParameterNeedsWait, KinsErrorCategory.InvalidArgument,
                "-MaxConcurrentChanges counts a unit until it reached the level, which only -Wait follows. Nothing was changed.")
            {
                RecommendedAction = "Add -Wait, or leave out -MaxConcurrentChanges (and use -ThrottleLimit to bound the requests).",
            });
        }
        return Task.CompletedTask;
    }

    protected override bool Confirm(string unit, KinsConnection connection)
    {
        var level = TargetLevel;
        var action = $"Set autonomy level to {level.ToSpecValue()} (merge patch {KinsReconciler.LevelPatch(level)})";
        if (level != Kins.Core.Model.AutonomyLevel.L3 || WhatIfRequested)
        {
            return ShouldProcess(Target(unit, connection), action);
        }
        // Demotion destroys the edge K3s cluster and its data: asked once (also under -Confirm), defaulting to No,
        // unless -Force or -Confirm:$false.
        return Force || ConfirmWaived
            || AskDefaultNo($"Demote NodeUnit '{unit}' in context '{connection.ContextName}' ({connection.Server}) to L3? This destroys its edge K3s cluster and the data on it.",
                "Confirm demotion", "-Force or", ref _yesToAll, ref _noToAll);
    }

    protected override Task<NodeUnitInfo?> RunAsync(KinsReconciler reconciler, string unit, Action<string> markChanged, CancellationToken cancellationToken) =>
        reconciler.SetLevelAsync(unit, TargetLevel, Wait, Timeout, markChanged, cancellationToken);
}
