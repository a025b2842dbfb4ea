using System.Management.Automation;
using Kins.Core.Errors;
using Kins.PowerShell.Infrastructure;

namespace Kins.PowerShell.Commands;

/// <summary>Cuts or restores a sandbox's link to the cloud, to show that promoted units keep working offline.</summary>
[Cmdlet(VerbsCommon.Set, "KinsSandbox", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType("Kins.Sandbox")]
public sealed class SetKinsSandboxCommand : AsyncCmdlet
{
    /// <summary>The sandbox's process id (Kins.Sandbox objects bind it by property name).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public int ProcessId { get; set; }

    /// <summary>Online: the cloud API and the tunnel answer. Offline: they stop answering, while edge clusters keep serving.</summary>
    [Parameter(Mandatory = true)]
    [ValidateSet("Online", "Offline", IgnoreCase = true)]
    public string CloudLink { get; set; } = "Online";

    /// <summary>Cut or restore only these units' sites instead of the whole cloud.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? NodeUnit { get; set; }

    /// <summary>Emit the sandbox object.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        var online = string.Equals(CloudLink, "Online", StringComparison.OrdinalIgnoreCase);
        var sandbox = SessionSandboxes.Find(ProcessId);
        if (sandbox is null)
        {
            WriteKinsError(SessionSandboxes.NotFound(ProcessId));
            return;
        }
        try
        {
            if (NodeUnit is { Length: > 0 } units)
            {
                foreach (var unit in units)
                {
                    if (ShouldProcess($"site of NodeUnit '{unit}' in Kins sandbox (process {ProcessId})", online
                        ? "Restore the site's link to the cloud"
                        : "Cut the site's link to the cloud (its nodes go silent, the tunnel cannot reach it, its edge cluster keeps serving)"))
                    {
                        await sandbox.SetSiteOnlineAsync(unit, online, cancellationToken).ConfigureAwait(true);
                    }
                }
            }
            else if (ShouldProcess($"Kins sandbox (process {ProcessId})", online ? "Restore the cloud link" : "Cut the cloud link (the cloud API and the tunnel stop answering)"))
            {
                await sandbox.SetCloudOnlineAsync(online, cancellationToken).ConfigureAwait(true);
            }
            else
            {
                return;
            }
        }
        catch (HttpRequestException error)
        {
            WriteKinsError(new KinsException(KinsErrorIds.SandboxNotFound, KinsErrorCategory.ConnectionError,
                $"The sandbox (process {ProcessId}) did not answer: {error.Message}", ProcessId, error));
            return;
        }
        if (PassThru)
        {
            WriteTyped(sandbox, TypeNames.Sandbox);
        }
    }
}
