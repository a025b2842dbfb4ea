using System.Globalization;
using Kins.Core.Plan;
using Kins.Core.SuperEdge;

namespace Kins.Core.Observe;

/// <summary>Readiness of one observed object, by the rules of SITE-MANAGER.md (site-manager itself never says Running).</summary>
internal static class ComponentReadiness
{
    /// <param name="agentHasNoNodes">Every node of the unit is a server, so the agent DaemonSet rightly schedules no pod.</param>
    public static KinsComponentStatus Evaluate(KinsComponent component, ObservedKind kind, string name, bool expected, ObservedObject? observed, bool agentHasNoNodes)
    {
        if (observed is null)
        {
            return new KinsComponentStatus(component, kind.ToString(), name, expected, false, false, "missing");
        }
        var (ready, detail) = kind switch
        {
            // readyReplicas == replicas
            ObservedKind.StatefulSet => (observed.Desired > 0 && observed.Ready >= observed.Desired, Ratio(observed)),
            ObservedKind.DaemonSet when component == KinsComponent.AgentDaemonSet && agentHasNoNodes && observed.Desired == 0 =>
                (true, "0/0 ready (every node of the unit is a server)"),
            // numberReady == desiredNumberScheduled, and at least one pod
            ObservedKind.DaemonSet => (observed.Desired > 0 && observed.Ready >= observed.Desired, Ratio(observed)),
            ObservedKind.ConfigMap => observed.HasKubeconfig ? (true, "has " + SuperEdgeNames.KubeconfigKey) : (false, "no " + SuperEdgeNames.KubeconfigKey + " key"),
            _ => (true, "present"),
        };
        return new KinsComponentStatus(component, kind.ToString(), name, expected, true, ready, detail);
    }

    private static string Ratio(ObservedObject observed) =>
        string.Create(CultureInfo.InvariantCulture, $"{observed.Ready}/{observed.Desired} ready");
}
