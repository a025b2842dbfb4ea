using Kins.Core.Model;
using Kins.Core.SuperEdge;

namespace Kins.Core.Observe;

/// <summary>Reads what site-manager itself reports in a NodeUnit's status: only failures (it never reports success).</summary>
internal static class SiteManagerStatus
{
    private const string ConditionFalse = "False";

    /// <summary>site-manager's failure message when it reported phase Failed or an Init condition False; null otherwise.</summary>
    public static string? Failure(NodeUnit unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var status = unit.Status?.UnitClusterStatus;
        if (status is null)
        {
            return null;
        }
        var init = status.Conditions?.FirstOrDefault(c => c.Type == SuperEdgeNames.InitConditionType && c.Status == ConditionFalse);
        if (init is not null)
        {
            return FirstText(init.Message, init.Reason) ?? "the Init condition is False";
        }
        if (status.Phase == SuperEdgeNames.UnitClusterPhaseFailed)
        {
            var withMessage = status.Conditions?.FirstOrDefault(c => !string.IsNullOrWhiteSpace(c.Message));
            return FirstText(withMessage?.Message, withMessage?.Reason) ?? "phase Failed, without a message";
        }
        return null;
    }

    private static string? FirstText(params string?[] texts) => texts.FirstOrDefault(t => !string.IsNullOrWhiteSpace(t))?.Trim();
}
