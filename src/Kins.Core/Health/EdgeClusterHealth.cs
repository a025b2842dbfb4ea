using System.Globalization;

namespace Kins.Core.Health;

/// <summary>
/// One unit's edge K3s cluster as seen from the cloud through tunnel-cloud (PowerShell type name Kins.EdgeClusterHealth).
/// Carries no token: the probe used the unit's own, and only its outcome is reported.
/// </summary>
public sealed class EdgeClusterHealth
{
    public required string NodeUnit { get; init; }
    public required string AutonomyLevel { get; init; }
    /// <summary>The K3s API answered through the tunnel with the unit's token (whatever its readiness).</summary>
    public bool Reachable { get; init; }
    /// <summary>Reachable and /readyz said ok.</summary>
    public bool Healthy => Reachable && Failure == EdgeProbeFailure.None;
    public EdgeProbeFailure Failure { get; init; }
    /// <summary>What went wrong, in words; empty when healthy.</summary>
    public string Message { get; init; } = string.Empty;
    /// <summary>The K3s API's <c>/version</c> gitVersion, e.g. v1.22.6+k3s1.</summary>
    public string? Version { get; init; }
    /// <summary>The edge cluster's own nodes (as its K3s API lists them).</summary>
    public IReadOnlyList<string> Nodes { get; init; } = [];
    public IReadOnlyList<string> ReadyNodes { get; init; } = [];
    public IReadOnlyList<string> NotReadyNodes { get; init; } = [];
    /// <summary>"ready/total" of the edge cluster's nodes, as site-manager writes readyRate; null when unreachable.</summary>
    public string? NodesReady => Reachable ? $"{ReadyNodes.Count}/{Nodes.Count}" : null;
    /// <summary>One request's round trip over the established tunnel (GET /readyz).</summary>
    public TimeSpan? RoundTrip { get; init; }
    /// <summary>RoundTrip in milliseconds, for views and CSV.</summary>
    public double? RoundTripMs => RoundTrip is { } rtt ? Math.Round(rtt.TotalMilliseconds, 1) : null;
    /// <summary>The K3s API address the tunnel was asked for.</summary>
    public required string Server { get; init; }
    /// <summary>tunnel-cloud's http-proxy used.</summary>
    public required string ProxyUrl { get; init; }
    /// <summary>When the probe finished (UTC).</summary>
    public DateTime CheckedAt { get; init; }
    /// <summary>The cloud cluster's kubeconfig context; bound by property name by other Kins cmdlets.</summary>
    public string? Context { get; init; }
    public string? Kubeconfig { get; init; }
    /// <summary>The cloud API server the unit was read from.</summary>
    public string? ApiServer { get; init; }

    /// <summary>The table's last column: the failure and its message, or nothing.</summary>
    public string ReasonText => Failure == EdgeProbeFailure.None ? string.Empty : $"{Failure}: {Message}";

    /// <summary>The table's RTT column, kubectl-like ("12ms").</summary>
    public string RoundTripText => RoundTrip is { } rtt
        ? rtt.TotalMilliseconds < 1000 ? $"{Math.Max(1, (int)Math.Round(rtt.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture)}ms" : $"{rtt.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)}s"
        : "<none>";

    public override string ToString() => NodeUnit;
}
