using System.Management.Automation;
using Kins.PowerShell.Infrastructure;

namespace Kins.PowerShell.Commands;

/// <summary>Stops a sandbox started by Start-KinsSandbox.</summary>
[Cmdlet(VerbsLifecycle.Stop, "KinsSandbox", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(void))]
public sealed class StopKinsSandboxCommand : AsyncCmdlet
{
    /// <summary>The sandbox's process id (Kins.Sandbox objects bind it by property name).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public int ProcessId { get; set; }

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        if (!ShouldProcess($"Kins sandbox (process {ProcessId})", "Stop"))
        {
            return;
        }
        var sandbox = SessionSandboxes.Take(ProcessId);
        if (sandbox is null)
        {
            WriteKinsError(SessionSandboxes.NotFound(ProcessId));
            return;
        }
        await using (sandbox.ConfigureAwait(true))
        {
            await sandbox.StopAsync(cancellationToken).ConfigureAwait(true);
        }
        WriteVerbose($"Stopped sandbox {ProcessId}.");
    }
}
