using k8s.Models;

namespace Kins.Core.Model;

/// <summary>A Node is Ready when its Ready condition is True (what site-manager counts, too).</summary>
internal static class NodeConditions
{
    public static bool IsReady(V1Node node) =>
        node.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;
}
