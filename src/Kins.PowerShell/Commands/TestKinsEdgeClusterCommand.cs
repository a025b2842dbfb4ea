using System.Management.Automation;
using Kins.Core.Bulk;
using Kins.Core.Connection;
using Kins.Core.Errors;
using Kins.Core.Health;
using Kins.Core.Kubeconfigs;
using Kins.PowerShell.Infrastructure;

namespace Kins.PowerShell.Commands;

/// <summary>
/// Probes each promoted unit's edge K3s API from the cloud through tunnel-cloud's http-proxy with the unit's own
/// token: one Kins.EdgeClusterHealth per unit (reachable or not, and why), many units at once.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "KinsEdgeCluster")]
[OutputType("Kins.EdgeClusterHealth")]
public sealed class TestKinsEdgeClusterCommand : NodeUnitCmdlet
{
    private readonly ProxyUrlCache _proxyUrls = new();
    private BulkRunner<EdgeClusterHealth>? _runner;
    private SemaphoreSlim? _probes;
    private int _added;
    private int _finished;

    #region Parameters

    /// <summary>Units probed at once across the whole pipeline.</summary>
    [Parameter]
    [ValidateRange(1, 1024)]
    public int ThrottleLimit { get; set; } = 16;

    /// <summary>Seconds each unit's probe may take before it counts as timed out.</summary>
    [Parameter]
    [ValidateRange(1, 600)]
    public int TimeoutSec { get; set; } = 15;

    /// <summary>The proxy to use instead of the one discovered from tunnel-cloud.</summary>
    [Parameter]
    [ValidateNotNull]
    public Uri? ProxyUrl { get; set; }

    /// <summary>Use tunnel-cloud's ClusterIP and port 8080 (from inside the cluster).</summary>
    [Parameter]
    public SwitchParameter InCluster { get; set; }

    #endregion

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        var connection = Connect();
        _probes ??= new SemaphoreSlim(ThrottleLimit);
        _runner ??= new BulkRunner<EdgeClusterHealth>(new BulkOptions { ThrottleLimit = ThrottleLimit }, cancellationToken);
        string proxyUrl;
        try
        {
            proxyUrl = await ProxyUrlFor(connection, cancellationToken).ConfigureAwait(true);
        }
        catch (KinsException error)
        {
            // No tunnel to go through in this cluster: every unit of this record fails with the same reason.
            foreach (var unit in Name)
            {
                WriteKinsError(new KinsException(error.ErrorId, error.Category, $"NodeUnit '{unit}': {error.Message}", unit) { RecommendedAction = error.RecommendedAction });
            }
            return;
        }
        var timeout = TimeSpan.FromSeconds(TimeoutSec);
        var probes = _probes;
        foreach (var unit in Name)
        {
            _added++;
            _runner.Add(new BulkUnit(unit, connection.ContextName, connection.Server), async ct =>
            {
                // A probe is network work from start to end: at most -ThrottleLimit at once.
                await probes.WaitAsync(ct).ConfigureAwait(false);
                try
                {
                    return await ProbeExplainedAsync(connection, unit, proxyUrl, timeout, ct).ConfigureAwait(false);
                }
                finally
                {
                    probes.Release();
                }
            });
        }
        HandBack();
    }

    private static async Task<EdgeClusterHealth> ProbeExplainedAsync(KinsConnection connection, string unit, string proxyUrl, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            return await EdgeClusterProbe.ProbeAsync(connection, unit, proxyUrl, timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not KinsException and not OperationCanceledException)
        {
            throw KubernetesErrors.ToKinsException(error, connection, unit);
        }
    }

    protected override async Task EndProcessingAsync(CancellationToken cancellationToken)
    {
        if (_runner is null)
        {
            return;
        }
        try
        {
            _runner.CompleteAdding();
            while (await _runner.Outcomes.WaitToReadAsync(cancellationToken).ConfigureAwait(true))
            {
                HandBack();
            }
            if (_added > 1)
            {
                WriteProgress(new ProgressRecord(ActivityId, Activity, "Done") { RecordType = ProgressRecordType.Completed });
            }
        }
        finally
        {
            _runner.Dispose();
            _probes?.Dispose();
        }
    }

    /// <summary>Emits, on the pipeline thread, every probe finished so far: a result, or one error for its unit.</summary>
    private void HandBack()
    {
        while (_runner!.Outcomes.TryRead(out var outcome))
        {
            _finished++;
            if (outcome.Result is { } health)
            {
                WriteTyped(health, TypeNames.EdgeClusterHealth);
            }
            else if (outcome.Error is { } error && !outcome.Cancelled)
            {
                WriteKinsError(error as KinsException ?? new KinsException(KinsErrorIds.ApiRequestFailed, KinsErrorCategory.NotSpecified,
                    $"NodeUnit '{outcome.Unit.Name}': {error.Message}", outcome.Unit.Name));
            }
            if (_added > 1)
            {
                WriteProgress(new ProgressRecord(ActivityId, Activity, $"{_finished} of {_added} probed")
                {
                    PercentComplete = (int)(100.0 * _finished / _added),
                });
            }
        }
    }

    private const string Activity = "Probing edge clusters through tunnel-cloud";
    private const int ActivityId = 4711;

    private Task<string> ProxyUrlFor(KinsConnection connection, CancellationToken cancellationToken) =>
        _proxyUrls.ResolveAsync(connection, ProxyUrl, InCluster, WriteVerbose, cancellationToken);
}
