namespace Kins.Core.Observe;

/// <summary>
/// Whether site-manager's Failed phase is current (SITE-MANAGER.md, "How a client can judge", rule 2; flaw 1): v0.9
/// never clears it, but rewrites a persisting error at every pass, at least once per sync period S. It counts only if
/// its lastProbeTime is later than the last level change and within 2·S of now, and no later pass got further: the
/// unit's ConfigMap, created at step 12 of the install pass, is not newer (site-manager writes a failing pass's
/// status after its objects, so a pass that fails again rewrites the probe time past that). Without a probe time it
/// cannot be placed in time and does not count. (That the edge cluster is not up is the caller's part: up always wins.)
/// </summary>
internal static class FailureCurrency
{
    public static bool IsCurrent(SiteManagerFailure? failure, DateTimeOffset? levelChangedAt, DateTimeOffset? configMapCreated, ObserveOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (failure?.ProbeTime is not { } probed)
        {
            return false;
        }
        if (levelChangedAt is { } changed && probed <= changed)
        {
            return false;
        }
        // Timestamps have whole seconds: created in the failure's second counts as later (a pass failing at step 13
        // right after it is rewritten with a newer probe time at the next pass).
        if (configMapCreated is { } created && created >= probed)
        {
            return false;
        }
        return options.Now - probed <= options.FailureFreshness;
    }
}
