using System.Management.Automation;
using Kins.Core.Errors;
using Kins.Core.Sandbox;
using Kins.PowerShell.Infrastructure;

namespace Kins.PowerShell.Commands;

/// <summary>Starts a local SuperEdge control plane on 127.0.0.1 for demos and tests.</summary>
[Cmdlet(VerbsLifecycle.Start, "KinsSandbox", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType("Kins.Sandbox")]
public sealed class StartKinsSandboxCommand : AsyncCmdlet
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

    /// <summary>How long simulated pods take to become Ready; with -ReadyDelayMax, the shortest delay.</summary>
    [Parameter]
    [DurationArgument(nameof(ReadyDelay), AllowZero = true)]
    public TimeSpan ReadyDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay: each pod's delay is drawn between -ReadyDelay and this.</summary>
    [Parameter]
    [DurationArgument(nameof(ReadyDelayMax), AllowZero = true)]
    public TimeSpan? ReadyDelayMax { get; set; }

    /// <summary>Makes the drawn delays repeatable (each pod's depends only on the seed and its name).</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int? Seed { get; set; }

    /// <summary>How often site-manager passes over every NodeUnit again (its --sync-period).</summary>
    [Parameter]
    [DurationArgument(nameof(SyncPeriod))]
    public TimeSpan SyncPeriod { get; set; } = SandboxOptions.DefaultSyncPeriod;

    /// <summary>How long a node of a cut-off site stays as it was before the cloud marks it Unknown (40 s, as in Kubernetes).</summary>
    [Parameter]
    [DurationArgument(nameof(NodeMonitorGracePeriod))]
    public TimeSpan NodeMonitorGracePeriod { get; set; } = SandboxOptions.DefaultNodeMonitorGracePeriod;

    /// <summary>Start with no NodeUnit CRD and no objects.</summary>
    [Parameter]
    public SwitchParameter Empty { get; set; }

    #endregion

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        if (ReadyDelay < TimeSpan.Zero)
        {
            ThrowTerminatingError(new ErrorRecord(new ArgumentException("-ReadyDelay cannot be negative."), "InvalidReadyDelay", ErrorCategory.InvalidArgument, ReadyDelay));
        }
        if (ReadyDelayMax is { } max && max < ReadyDelay)
        {
            ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-ReadyDelayMax ({max}) cannot be shorter than -ReadyDelay ({ReadyDelay})."),
                "InvalidReadyDelay", ErrorCategory.InvalidArgument, max));
        }
        if (SyncPeriod <= TimeSpan.Zero)
        {
            ThrowTerminatingError(new ErrorRecord(new ArgumentException("-SyncPeriod must be positive."), "InvalidSyncPeriod", ErrorCategory.InvalidArgument, SyncPeriod));
        }
        var world = Empty ? "an empty cluster" : $"the article's world{(Sites > 0 ? $" and {Sites} sites of {NodesPerSite} nodes" : string.Empty)}";
        if (!ShouldProcess($"127.0.0.1 ({world})", "Start a Kins sandbox"))
        {
            return;
        }
        var options = new SandboxOptions
        {
            Sites = Sites, NodesPerSite = NodesPerSite, ReadyDelay = ReadyDelay, ReadyDelayMax = ReadyDelayMax, Seed = Seed, SyncPeriod = SyncPeriod, NodeMonitorGracePeriod = NodeMonitorGracePeriod, Empty = Empty,
        };
        try
        {
            var sandbox = await SandboxProcess.StartAsync(options, cancellationToken).ConfigureAwait(true);
            SessionSandboxes.Add(sandbox);
            WriteVerbose($"Sandbox {sandbox.ProcessId} listens on {sandbox.Endpoint}; kubeconfig {sandbox.Kubeconfig}");
            WriteTyped(sandbox, TypeNames.Sandbox);
        }
        catch (KinsException error)
        {
            ThrowKinsError(error);
        }
    }
}
