namespace Kins.Sandbox.SiteManager;

/// <summary>site-manager's flags that the sandbox models (cmd/site-manager/app/options/options.go).</summary>
internal sealed record SiteManagerOptions
{
    /// <summary><c>--sync-period</c>: the informer resync that re-delivers every NodeUnit as an update (default 30 s).</summary>
    public TimeSpan SyncPeriod { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary><c>--worker</c>: concurrent passes (one per CPU in v0.9).</summary>
    public int Workers { get; init; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>The clock behind retries, resyncs and timestamps.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
