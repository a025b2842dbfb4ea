using System.Management.Automation;
using Kins.PowerShell.Infrastructure;

namespace Kins.PowerShell.Commands;

/// <summary>Stops a sandbox started by Start-KinsSandbox.</summary>
[Cmdlet(VerbsLifecycle.Stop, "KinsSandbox", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(void))]
public sealed class StopKinsSandboxCommand : PSCmdlet
{
    /// <summary>The sandbox's process id (Kins.Sandbox objects bind it by property name).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public int ProcessId { get; set; }

    protected override void ProcessRecord() =>
        ThrowTerminatingError(ErrorRecords.From(ErrorRecords.NotImplemented("Stop-KinsSandbox")));
}
