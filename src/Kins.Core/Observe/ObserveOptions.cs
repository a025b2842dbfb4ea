using Kins.Core.SuperEdge;

namespace Kins.Core.Observe;

/// <summary>
/// The clock and timing a judgement uses. A Failed phase is current only if site-manager rewrote it within
/// 2·<see cref="SyncPeriod"/> of <see cref="Now"/>: a persisting error is rewritten at every pass, at least once per
/// sync period (SITE-MANAGER.md, "How a client can judge", rule 2).
/// </summary>
/// <param name="Now">The time to judge at; the local clock stands in for the API server's (kept in sync by NTP).</param>
/// <param name="SyncPeriod">site-manager's <c>--sync-period</c> (30 s by default).</param>
public sealed record ObserveOptions(DateTimeOffset Now, TimeSpan SyncPeriod)
{
    /// <summary>Now, by <paramref name="clock"/> (the system clock by default), with site-manager's default sync period.</summary>
    public static ObserveOptions At(TimeProvider? clock = null) =>
        new((clock ?? TimeProvider.System).GetUtcNow(), SuperEdgeNames.DefaultSyncPeriod);

    /// <summary>How long after its last rewrite a Failed phase still counts as current.</summary>
    public TimeSpan FailureFreshness => SyncPeriod * 2;
}
