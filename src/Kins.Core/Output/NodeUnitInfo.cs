using Kins.Core.Connection;
using Kins.Core.Model;
using Kins.Core.Observe;

namespace Kins.Core.Output;

/// <summary>
/// A NodeUnit as Kins shows it (PowerShell type name Kins.NodeUnit): SuperEdge's fields, the observed kins state,
/// and the identity of the cluster it was read from (<see cref="Kubeconfig"/>, <see cref="Context"/>, <see cref="ApiServer"/>),
/// which the cmdlets bind by property name so a piped unit acts on its own cluster. Lists print as comma-separated
/// text and enums as names, so the object exports cleanly to CSV and JSON.
/// </summary>
public sealed class NodeUnitInfo
{
    internal NodeUnitInfo(NodeUnit unit, KinsObservation observation, KinsConnection cluster)
    {
        Name = unit.Name;
        Type = unit.Spec.Type ?? "edge";
        AutonomyLevel = AutonomyLevels.FromSpec(unit.Spec.AutonomyLevel);
        KinsState = observation.State;
        LastSeen = observation.LastSeen;
        Reason = observation.Reason;
        SiteManagerMessage = observation.SiteManagerMessage;
        ReadyRate = unit.Status?.ReadyRate;
        ReadyNodes = new TextList<string>(unit.Status?.ReadyNodes);
        NotReadyNodes = new TextList<string>(unit.Status?.NotReadyNodes);
        Nodes = new TextList<string>(unit.Spec.Nodes);
        ServerNodes = new TextList<string>(observation.ServerNodes);
        Components = new TextList<KinsComponentStatus>(observation.Components);
        Phase = unit.Status?.UnitClusterStatus?.Phase;
        var reference = unit.Spec.UnitCredentialConfigMapRef;
        KubeconfigRef = reference?.Name is null ? null : $"{reference.NamespaceProperty}/{reference.Name}";
        CreationTimestamp = unit.Metadata.CreationTimestamp;
        DeletionTimestamp = unit.Metadata.DeletionTimestamp;
        Finalizers = new TextList<string>(unit.Metadata.Finalizers);
        Labels = new LabelSet(unit.Metadata.Labels);
        ResourceVersion = unit.Metadata.ResourceVersion;
        Context = cluster.ContextName;
        Kubeconfig = cluster.KubeconfigPath;
        ApiServer = cluster.Server;
        StoredAutonomyLevel = unit.Spec.AutonomyLevel;
        AutonomyLevelIsExact = unit.Level is not null;
        Notices = observation.Notices;
        LeftoverServerRoleNodes = observation.LeftoverServerRoleNodes;
        FailureIsCurrent = observation.FailureIsCurrent;
        LastFailureMessage = observation.LastFailure?.Message;
        LastFailureTime = observation.LastFailure?.ProbeTime?.UtcDateTime;
    }

    public string Name { get; }
    public string Type { get; }
    /// <summary>spec.autonomyLevel (L3 when empty); null for a value that is not L3, L4 or L5 (KinsState Failed says which).</summary>
    public AutonomyLevel? AutonomyLevel { get; }
    public KinsState KinsState { get; }
    /// <summary>The newest heartbeat of the unit's nodes (Lease renewTime or Ready lastHeartbeatTime), UTC; null without members.</summary>
    public DateTime? LastSeen { get; }
    /// <summary>How long ago LastSeen was, kubectl-style; "&lt;unknown&gt;" without it.</summary>
    public string LastSeenText => LastSeen is { } seen ? KubeDuration.Humanize(DateTime.UtcNow - seen) : "<unknown>";
    /// <summary>The table's STATE: the state, or OFFLINE and for how long.</summary>
    public string StateText => KinsState == KinsState.Offline ? $"OFFLINE {LastSeenText}" : KinsState.ToString();
    /// <summary>Why the unit is in its state, in words an operator can act on.</summary>
    public string Reason { get; }
    /// <summary>site-manager's own failure message, when it reported one.</summary>
    public string? SiteManagerMessage { get; }
    public string? ReadyRate { get; }
    public TextList<string> ReadyNodes { get; }
    public TextList<string> NotReadyNodes { get; }
    /// <summary>spec.nodes: the nodes named in the unit (a selector may add more; see ReadyNodes/NotReadyNodes).</summary>
    public TextList<string> Nodes { get; }
    public TextList<string> ServerNodes { get; }
    public TextList<KinsComponentStatus> Components { get; }
    public string? Phase { get; }
    /// <summary>spec.unitCredentialConfigMapRef as namespace/name.</summary>
    public string? KubeconfigRef { get; }
    public DateTime? CreationTimestamp { get; }
    public DateTime? DeletionTimestamp { get; }
    public TextList<string> Finalizers { get; }
    public LabelSet Labels { get; }
    public string? ResourceVersion { get; }
    /// <summary>Age as kubectl prints it ("5m", "3d4h"); sort by <see cref="CreationTimestamp"/>.</summary>
    public string Age => CreationTimestamp is { } created ? KubeDuration.Humanize(DateTime.UtcNow - created.ToUniversalTime()) : "<unknown>";
    /// <summary>The kubeconfig context the unit was read from; bound by property name by every Kins cmdlet.</summary>
    public string Context { get; }
    /// <summary>The absolute kubeconfig path(s) the unit was read from (OS path-list separator; null in-cluster); bound by property name too.</summary>
    public string? Kubeconfig { get; }
    /// <summary>The API server URL the unit was read from: piped back in, a cmdlet acts only on this server.</summary>
    public string ApiServer { get; }

    /// <summary>spec.autonomyLevel exactly as stored (null when absent, which means L3).</summary>
    public string? StoredAutonomyLevel { get; }
    /// <summary>The stored level is exactly L3, L4 or L5; site-manager ignores anything else and blocks the unit's deletion.</summary>
    public bool AutonomyLevelIsExact { get; }
    /// <summary>Known SuperEdge v0.9 leftovers and quirks that do not change the state (kept servers, role labels), each with advice.</summary>
    public IReadOnlyList<string> Notices { get; }
    /// <summary>Selector members that keep the kins-role=server label after a demotion (v0.9 flaw); remove it with kubectl label.</summary>
    public IReadOnlyList<string> LeftoverServerRoleNodes { get; }
    /// <summary>site-manager's Failed phase counts now (rewritten within 2·S, after the last level change, edge cluster not up).</summary>
    public bool FailureIsCurrent { get; }
    /// <summary>The message of site-manager's last Failed phase, current or stale (v0.9 never clears it).</summary>
    public string? LastFailureMessage { get; }
    /// <summary>When site-manager last wrote that failure (its Init condition's lastProbeTime, UTC).</summary>
    public DateTime? LastFailureTime { get; }

    public override string ToString() => Name;
}
