namespace Kins.Core.Plan;

/// <summary>The parts of a unit's edge cluster that site-manager creates (SITE-MANAGER.md, "Promotion").</summary>
public enum KinsComponent
{
    /// <summary>Label <c>site.superedge.io/kins-role=server</c> on the chosen ready nodes.</summary>
    ServerRole,
    StorageClass,
    PersistentVolume,
    CriDaemonSet,
    InitService,
    ServerStatefulSet,
    /// <summary>L5 only: the two K3s masters that join the first.</summary>
    JoinStatefulSet,
    Service,
    AgentDaemonSet,
    Secret,
    ConfigMap,
}
