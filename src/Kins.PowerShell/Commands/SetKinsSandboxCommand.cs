using System.Globalization;
using System.Management.Automation;
using Kins.Core.Errors;
using Kins.Core.Sandbox;
using Kins.PowerShell.Infrastructure;

namespace Kins.PowerShell.Commands;

/// <summary>
/// Cuts or restores a sandbox's link to the cloud, to show that promoted units keep working offline; or sets the
/// faults its cloud API injects (errors, throttling, conflicts, lost responses, connection resets, a timed cloud cut,
/// cut and half-open watches, latency).
/// </summary>
[Cmdlet(VerbsCommon.Set, "KinsSandbox", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = CloudLinkSet)]
[OutputType("Kins.Sandbox")]
public sealed class SetKinsSandboxCommand : AsyncCmdlet
{
    private const string CloudLinkSet = "CloudLink";
    private const string FaultsSet = "Faults";
    private const string NoFaultsSet = "NoFaults";

    #region Parameters

    /// <summary>The sandbox's process id (Kins.Sandbox objects bind it by property name).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public int ProcessId { get; set; }

    /// <summary>Online: the cloud API and the tunnel answer. Offline: they stop answering, while edge clusters keep serving.</summary>
    [Parameter(Mandatory = true, ParameterSetName = CloudLinkSet)]
    [ValidateSet("Online", "Offline", IgnoreCase = true)]
    public string CloudLink { get; set; } = "Online";

    /// <summary>Cut or restore only these units' sites instead of the whole cloud.</summary>
    [Parameter(ParameterSetName = CloudLinkSet)]
    [ValidateNotNullOrEmpty]
    public string[]? NodeUnit { get; set; }

    /// <summary>Fraction of cloud API requests answered 500 or 503 (not applied).</summary>
    [Parameter(ParameterSetName = FaultsSet)]
    [ValidateRange(0.0, 1.0)]
    public double ServerErrorRate { get; set; }

    /// <summary>Fraction of requests answered 429 with Retry-After (not applied).</summary>
    [Parameter(ParameterSetName = FaultsSet)]
    [ValidateRange(0.0, 1.0)]
    public double ThrottleRate { get; set; }

    /// <summary>The Retry-After of a 429.</summary>
    [Parameter(ParameterSetName = FaultsSet)]
    [DurationArgument(nameof(RetryAfter), AllowZero = true)]
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Fraction of writes answered 409 Conflict (not applied).</summary>
    [Parameter(ParameterSetName = FaultsSet)]
    [ValidateRange(0.0, 1.0)]
    public double ConflictRate { get; set; }

    /// <summary>Fraction of writes applied and then answered 500.</summary>
    [Parameter(ParameterSetName = FaultsSet)]
    [ValidateRange(0.0, 1.0)]
    public double LostResponseRate { get; set; }

    /// <summary>Fraction of requests whose connection is reset with no answer (half the writes among them after being applied).</summary>
    [Parameter(ParameterSetName = FaultsSet)]
    [ValidateRange(0.0, 1.0)]
    public double ConnectionResetRate { get; set; }

    /// <summary>Cuts the whole cloud when this many NodeUnit writes have arrived (1: as a batch starts writing), for -CloudCutFor.</summary>
    [Parameter(ParameterSetName = FaultsSet)]
    [ValidateRange(1, int.MaxValue)]
    public int CloudCutAfterWrites { get; set; }

    /// <summary>How long the cut of -CloudCutAfterWrites lasts (5 seconds by default).</summary>
    [Parameter(ParameterSetName = FaultsSet)]
    [DurationArgument(nameof(CloudCutFor))]
    public TimeSpan CloudCutFor { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Resets every watch's connection this long after it opened.</summary>
    [Parameter(ParameterSetName = FaultsSet)]
    [DurationArgument(nameof(WatchCutAfter), AllowZero = true)]
    public TimeSpan WatchCutAfter { get; set; }

    /// <summary>Every watch goes silent this long after it opened, its connection kept open.</summary>
    [Parameter(ParameterSetName = FaultsSet)]
    [DurationArgument(nameof(WatchHalfOpenAfter), AllowZero = true)]
    public TimeSpan WatchHalfOpenAfter { get; set; }

    /// <summary>Added to every cloud API request.</summary>
    [Parameter(ParameterSetName = FaultsSet)]
    [DurationArgument(nameof(Latency), AllowZero = true)]
    public TimeSpan Latency { get; set; }

    /// <summary>Makes the faults repeatable.</summary>
    [Parameter(ParameterSetName = FaultsSet)]
    public int FaultSeed { get; set; }

    /// <summary>Clears every fault.</summary>
    [Parameter(Mandatory = true, ParameterSetName = NoFaultsSet)]
    public SwitchParameter NoFaults { get; set; }

    /// <summary>Emit the sandbox object.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    #endregion

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        var sandbox = SessionSandboxes.Find(ProcessId);
        if (sandbox is null)
        {
            WriteKinsError(SessionSandboxes.NotFound(ProcessId));
            return;
        }
        if (sandbox.HasExited)
        {
            WriteKinsError(SessionSandboxes.Exited(sandbox));
            return;
        }
        var target = $"Kins sandbox (process {ProcessId})";
        try
        {
            switch (ParameterSetName)
            {
                case FaultsSet:
                    var faults = FaultsFromParameters();
                    if (!ShouldProcess(target, "Inject faults into the cloud API: " + Describe(faults)))
                    {
                        return;
                    }
                    var applied = await sandbox.SetFaultsAsync(faults, cancellationToken).ConfigureAwait(true);
                    WriteVerbose($"Faults in force: {Describe(applied)}; seed {applied.Seed}.");
                    break;
                case NoFaultsSet:
                    if (!ShouldProcess(target, "Clear the cloud API's faults"))
                    {
                        return;
                    }
                    await sandbox.SetFaultsAsync(null, cancellationToken).ConfigureAwait(true);
                    break;
                case CloudLinkSet when NodeUnit is { Length: > 0 } units:
                    var siteOnline = string.Equals(CloudLink, "Online", StringComparison.OrdinalIgnoreCase);
                    foreach (var unit in units)
                    {
                        if (ShouldProcess($"site of NodeUnit '{unit}' in {target}", siteOnline
                            ? "Restore the site's link to the cloud"
                            : "Cut the site's link to the cloud (its nodes go silent, the tunnel cannot reach it, its edge cluster keeps serving)"))
                        {
                            await sandbox.SetSiteOnlineAsync(unit, siteOnline, cancellationToken).ConfigureAwait(true);
                        }
                    }
                    break;
                default:
                    var online = string.Equals(CloudLink, "Online", StringComparison.OrdinalIgnoreCase);
                    if (!ShouldProcess(target, online ? "Restore the cloud link" : "Cut the cloud link (the cloud API and the tunnel stop answering)"))
                    {
                        return;
                    }
                    await sandbox.SetCloudOnlineAsync(online, cancellationToken).ConfigureAwait(true);
                    break;
            }
        }
        catch (ArgumentException error)
        {
            WriteError(new ErrorRecord(error, "InvalidSandboxFaults", ErrorCategory.InvalidArgument, ProcessId));
            return;
        }
        catch (Exception error) when (error is HttpRequestException or IOException)
        {
            WriteKinsError(new KinsException(KinsErrorIds.SandboxNotFound, KinsErrorCategory.ConnectionError,
                $"The sandbox (process {ProcessId}) did not answer: {error.Message}", ProcessId, error));
            return;
        }
        catch (KinsException error)
        {
            WriteKinsError(error);
            return;
        }
        if (PassThru)
        {
            WriteTyped(sandbox, TypeNames.Sandbox);
        }
    }

    private SandboxFaults FaultsFromParameters()
    {
        var bound = MyInvocation.BoundParameters;
        var faults = new SandboxFaults
        {
            ServerErrorRate = ServerErrorRate,
            ThrottleRate = ThrottleRate,
            RetryAfter = RetryAfter,
            ConflictRate = ConflictRate,
            LostResponseRate = LostResponseRate,
            ConnectionResetRate = ConnectionResetRate,
            CloudCutAfterWrites = bound.ContainsKey(nameof(CloudCutAfterWrites)) ? CloudCutAfterWrites : null,
            CloudCutFor = CloudCutFor,
            WatchCutAfter = bound.ContainsKey(nameof(WatchCutAfter)) ? WatchCutAfter : null,
            WatchHalfOpenAfter = bound.ContainsKey(nameof(WatchHalfOpenAfter)) ? WatchHalfOpenAfter : null,
            Latency = Latency,
            Seed = bound.ContainsKey(nameof(FaultSeed)) ? FaultSeed : null,
        };
        faults.Validate();
        return faults;
    }

    private static string Describe(SandboxFaults faults)
    {
        var parts = new List<string>();
        string Percent(double rate) => (rate * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";
        if (faults.ServerErrorRate > 0) { parts.Add($"{Percent(faults.ServerErrorRate)} 500/503"); }
        if (faults.ThrottleRate > 0) { parts.Add($"{Percent(faults.ThrottleRate)} 429 (Retry-After {faults.RetryAfter.TotalSeconds:0} s)"); }
        if (faults.ConflictRate > 0) { parts.Add($"{Percent(faults.ConflictRate)} 409 on writes"); }
        if (faults.LostResponseRate > 0) { parts.Add($"{Percent(faults.LostResponseRate)} writes applied but answered 500"); }
        if (faults.ConnectionResetRate > 0) { parts.Add($"{Percent(faults.ConnectionResetRate)} connections reset"); }
        if (faults.CloudCutAfterWrites is { } writes) { parts.Add($"cloud cut for {faults.CloudCutFor.TotalSeconds:0.###} s at NodeUnit write {writes}"); }
        if (faults.WatchCutAfter is { } cut) { parts.Add($"watches reset after {cut.TotalSeconds:0.###} s"); }
        if (faults.WatchHalfOpenAfter is { } stall) { parts.Add($"watches half-open after {stall.TotalSeconds:0.###} s"); }
        if (faults.Latency > TimeSpan.Zero) { parts.Add($"{faults.Latency.TotalMilliseconds:0} ms latency"); }
        return parts.Count == 0 ? "none" : string.Join(", ", parts);
    }
}
