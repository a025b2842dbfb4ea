using System.Management.Automation;
using Kins.Core.Errors;
using Kins.PowerShell.Infrastructure;

namespace Kins.PowerShell.Commands;

/// <summary>Stops a sandbox started by Start-KinsSandbox.</summary>
[Cmdlet(VerbsLifecycle.Stop, "KinsSandbox", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(void))]
public sealed class StopKinsSandboxCommand : AsyncCmdlet
{
    /// <summary>The sandbox's process id (Kins.Sandbox objects bind it by property name).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
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
            WriteKinsError(new KinsException(KinsErrorIds.SandboxNotFound, KinsErrorCategory.ObjectNotFound,
                $"No Kins sandbox with process id {ProcessId} was started in this session.", ProcessId)
            {
                RecommendedAction = "Stop the sandbox objects that Start-KinsSandbox returned; a sandbox also stops by itself when the PowerShell that started it exits.",
            });
            return;
        }
        await using (sandbox.ConfigureAwait(true))
        {
            await sandbox.StopAsync(cancellationToken).ConfigureAwait(true);
        }
        WriteVerbose($"Stopped sandbox {ProcessId}.");
    }
}
