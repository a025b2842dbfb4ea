using System.Management.Automation;
using Kins.PowerShell.Infrastructure;

namespace Kins.PowerShell.Commands;

/// <summary>Starts a local SuperEdge control plane on 127.0.0.1 for demos and tests.</summary>
[Cmdlet(VerbsLifecycle.Start, "KinsSandbox", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType("Kins.Sandbox")]
public sealed class StartKinsSandboxCommand : KinsCmdlet
{
    #region Parameters

    /// <summary>Adds units site-0001..site-NNNN at L3.</summary>
    [Parameter]
    [ValidateRange(0, 100000)]
    public int Sites { get; set; }

    /// <summary>Nodes per added site.</summary>
    [Parameter]
    [ValidateRange(1, 100)]
    public int NodesPerSite { get; set; } = 3;

    /// <summary>How long simulated pods take to become Ready.</summary>
    [Parameter]
    public TimeSpan ReadyDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Start with no NodeUnit CRD and no objects.</summary>
    [Parameter]
    public SwitchParameter Empty { get; set; }

    #endregion

    protected override Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        ThrowKinsError(ErrorRecords.NotImplemented("Start-KinsSandbox"));
        return Task.CompletedTask;
    }
}
