using System.Management.Automation;
using Kins.PowerShell.Infrastructure;

namespace Kins.PowerShell.Commands;

/// <summary>Deletes NodeUnits safely: an L4/L5 unit is refused unless -Force demotes it first.</summary>
[Cmdlet(VerbsCommon.Remove, "NodeUnit", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType("Kins.NodeUnit")]
public sealed class RemoveNodeUnitCommand : NodeUnitCmdlet
{
    #region Parameters

    /// <summary>Demote an L4/L5 unit (destroying its edge cluster), wait for the teardown, then delete.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Wait until the finalizer lets the object go.</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>How long to wait per unit.</summary>
    [Parameter]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Units in flight at once across the whole pipeline.</summary>
    [Parameter]
    [ValidateRange(1, 1024)]
    public int ThrottleLimit { get; set; } = 16;

    /// <summary>Emit the last state of each removed unit.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    #endregion

    protected override Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        ThrowKinsError(ErrorRecords.NotImplemented("Remove-NodeUnit"));
        return Task.CompletedTask;
    }
}
