using Kins.Core.Plan;

namespace Kins.Core.Observe;

/// <summary>One object of a unit's edge cluster as observed.</summary>
/// <param name="Component">Which part of the edge cluster it is.</param>
/// <param name="Kind">The Kubernetes kind, e.g. StatefulSet.</param>
/// <param name="Name">The object's name in kins-system.</param>
/// <param name="Expected">The requested level needs it (false for leftovers of another level).</param>
/// <param name="Present">It exists.</param>
/// <param name="Ready">It exists and is ready (workloads: all replicas or pods ready; ConfigMap: has kubeconfig.conf).</param>
/// <param name="Detail">Short human text, e.g. "1/1 ready", "missing".</param>
public sealed record KinsComponentStatus(KinsComponent Component, string Kind, string Name, bool Expected, bool Present, bool Ready, string Detail)
{
    /// <summary>Short, for list views: "StatefulSet test-server-kins (1/1 ready)".</summary>
    public override string ToString() => $"{Kind} {Name} ({Detail})";
}
