using Kins.Core.Model;
using Kins.Core.SuperEdge;

namespace Kins.Core.Observe;

/// <summary>site-manager's failure report: its message and when it wrote it (the Init condition's lastProbeTime).</summary>
public sealed record SiteManagerFailure(string Message, DateTimeOffset? ProbeTime);

/// <summary>
/// Reads what site-manager itself reports in a NodeUnit's status: only failures, never success. v0.9 writes
/// <c>phase: Failed</c> with exactly one condition <c>{type: Init, status: "False", lastProbeTime, message}</c> and
/// never clears it (SITE-MANAGER.md, flaw 1): whether it is current is for <see cref="FailureCurrency"/> to judge.
/// </summary>
internal static class SiteManagerStatus
{
    private const string ConditionFalse = "False";

    /// <summary>The failure site-manager last reported, current or not; null when it never reported one.</summary>
    public static SiteManagerFailure? LastFailure(NodeUnit unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var status = unit.Status?.UnitClusterStatus;
        if (status is null)
        {
            return null;
        }
        var init = status.Conditions?.FirstOrDefault(c => c.Type == SuperEdgeNames.InitConditionType && c.Status == ConditionFalse);
        if (init is null && status.Phase != SuperEdgeNames.UnitClusterPhaseFailed)
        {
            return null;
        }
        var withMessage = init ?? status.Conditions?.FirstOrDefault(c => !string.IsNullOrWhiteSpace(c.Message));
        var message = FirstText(withMessage?.Message, withMessage?.Reason) ?? "phase Failed, without a message";
        return new SiteManagerFailure(message, Utc(withMessage?.LastProbeTime));
    }

    private static DateTimeOffset? Utc(DateTime? time) =>
        time is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t.ToUniversalTime(), DateTimeKind.Utc)) : null;

    private static string? FirstText(params string?[] texts) => texts.FirstOrDefault(t => !string.IsNullOrWhiteSpace(t))?.Trim();
}
