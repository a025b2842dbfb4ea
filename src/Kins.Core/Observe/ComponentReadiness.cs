using System.Globalization;
using Kins.Core.Plan;
using Kins.Core.SuperEdge;

namespace Kins.Core.Observe;

/// <summary>
/// Readiness of one observed object, by SITE-MANAGER.md's rule 4 ("How a client can judge"): StatefulSets all
/// replicas ready, DaemonSets numberReady = desiredNumberScheduled (0 is possible for the agents, when every member
/// is a server), the ConfigMap holding kubeconfig.conf. site-manager itself never says Running.
/// </summary>
internal static class ComponentReadiness
{
    public static KinsComponentStatus Evaluate(KinsComponent component, ObservedKind kind, string name, bool expected, ObservedObject? observed)
    {
        if (observed is null)
        {
            return new KinsComponentStatus(component, kind.ToString(), name, expected, false, false, "missing");
        }
        var (ready, detail) = kind switch
        {
            ObservedKind.StatefulSet => (observed.Desired > 0 && observed.Ready >= observed.Desired, Ratio(observed)),
            ObservedKind.DaemonSet when component == KinsComponent.AgentDaemonSet && observed.Desired == 0 =>
                (true, "0/0 ready (no member needs an agent)"),
            // The CRI wrapper runs on every member: a unit with members has at least one pod.
            ObservedKind.DaemonSet => (observed.Desired > 0 && observed.Ready >= observed.Desired, Ratio(observed)),
            ObservedKind.ConfigMap => observed.HasKubeconfig ? (true, "has " + SuperEdgeNames.KubeconfigKey) : (false, "no " + SuperEdgeNames.KubeconfigKey + " key"),
            _ => (true, "present"),
        };
        return new KinsComponentStatus(component, kind.ToString(), name, expected, true, ready, detail);
    }

    private static string Ratio(ObservedObject observed) =>
        string.Create(CultureInfo.InvariantCulture, $"{observed.Ready}/{observed.Desired} ready");
}
