using Kins.Core.Watching;

namespace Kins.Core.Reconcile;

/// <summary>The timing of a <see cref="ClusterWatch"/>: its informers', and how long the server may be unreachable before waits end.</summary>
internal sealed record ClusterWatchOptions
{
    public static ClusterWatchOptions Default { get; } = new();

    public InformerOptions Informers { get; init; } = InformerOptions.Default;

    /// <summary>
    /// When a list or watch has failed without a break for this long, every wait ends with the cause instead of
    /// running to its timeout. Long enough that a few seconds of outage cost only time.
    /// </summary>
    public TimeSpan LostAfter { get; init; } = TimeSpan.FromSeconds(30);
}
