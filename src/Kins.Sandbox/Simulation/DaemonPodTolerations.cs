using System.Text.Json.Nodes;

namespace Kins.Sandbox.Simulation;

/// <summary>
/// The tolerations the DaemonSet controller adds to every daemon pod (Kubernetes
/// pkg/controller/daemon/util AddOrUpdateDaemonPodTolerations): the node lifecycle controller's not-ready and
/// unreachable NoExecute taints without a time limit, the condition taints and the cordon taint NoSchedule, and
/// network-unavailable for host-network pods. Not unreachable or not-ready NoSchedule: a silent node takes no new
/// daemon pod and leaves the DaemonSet's desired count.
/// </summary>
internal static class DaemonPodTolerations
{
    private static readonly (string Key, string Effect)[] Always =
    [
        ("node.kubernetes.io/not-ready", "NoExecute"),
        ("node.kubernetes.io/unreachable", "NoExecute"),
        ("node.kubernetes.io/disk-pressure", "NoSchedule"),
        ("node.kubernetes.io/memory-pressure", "NoSchedule"),
        ("node.kubernetes.io/pid-pressure", "NoSchedule"),
        ("node.kubernetes.io/unschedulable", "NoSchedule"),
    ];

    private static readonly (string Key, string Effect) HostNetwork = ("node.kubernetes.io/network-unavailable", "NoSchedule");

    /// <summary>Adds to <paramref name="podSpec"/> the tolerations it lacks (same key and effect).</summary>
    public static JsonObject AddTo(JsonObject podSpec)
    {
        var tolerations = podSpec["tolerations"] as JsonArray ?? new JsonArray();
        podSpec["tolerations"] = tolerations;
        var wanted = (bool?)podSpec["hostNetwork"] == true ? Always.Append(HostNetwork) : Always;
        foreach (var (key, effect) in wanted)
        {
            if (!tolerations.OfType<JsonObject>().Any(t => (string?)t["key"] == key && (string?)t["effect"] == effect))
            {
                tolerations.Add(new JsonObject { ["key"] = key, ["operator"] = "Exists", ["effect"] = effect });
            }
        }
        return podSpec;
    }
}
