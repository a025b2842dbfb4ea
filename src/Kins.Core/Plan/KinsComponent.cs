namespace Kins.Core.Plan;

/// <summary>The parts of a unit's edge cluster that site-manager creates (SITE-MANAGER.md, "Promotion").</summary>
// long, not int: ConvertTo-Json writes 64-bit enums by name ("Ready", not 2), so exports read like the views.
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1028:Enum Storage should be Int32", Justification = "ConvertTo-Json writes 64-bit enums as their names.")]
public enum KinsComponent : long
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
