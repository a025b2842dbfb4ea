using System.Management.Automation;
using Kins.PowerShell.Infrastructure;

namespace Kins.PowerShell.Commands;

/// <summary>Promotes NodeUnits to an edge K3s cluster (L4/L5) or demotes them back to L3.</summary>
[Cmdlet(VerbsCommon.Set, "NodeUnitAutonomy", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType("Kins.NodeUnit")]
public sealed class SetNodeUnitAutonomyCommand : NodeUnitCmdlet
{
    #region Parameters

    /// <summary>The level to move to: L3 (standard pool), L4 (one K3s master), L5 (three K3s masters).</summary>
    [Parameter(Mandatory = true)]
    [ValidateSet("L3", "L4", "L5", IgnoreCase = true)]
    public string Level { get; set; } = string.Empty;

    /// <summary>Wait until each unit has reached the level (Ready for L4/L5, Standard for L3).</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>How long to wait per unit with -Wait.</summary>
    [Parameter]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Units in flight at once across the whole pipeline.</summary>
    [Parameter]
    [ValidateRange(1, 1024)]
    public int ThrottleLimit { get; set; } = 16;

    /// <summary>Emit the refreshed Kins.NodeUnit of each unit as it finishes.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Demote to L3 without asking (the edge cluster is destroyed).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    #endregion

    protected override Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        ThrowKinsError(ErrorRecords.NotImplemented("Set-NodeUnitAutonomy"));
        return Task.CompletedTask;
    }
}
