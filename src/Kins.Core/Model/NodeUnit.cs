using System.Text.Json.Serialization;
using k8s;
using k8s.Models;
using Kins.Core.SuperEdge;

namespace Kins.Core.Model;

/// <summary>SuperEdge's NodeUnit, <c>site.superedge.io/v1alpha2</c>, every field of the CRD's schema.</summary>
[KubernetesEntity(Group = SuperEdgeNames.Group, Kind = SuperEdgeNames.Kind, ApiVersion = SuperEdgeNames.Version, PluralName = SuperEdgeNames.Plural)]
public sealed class NodeUnit : IKubernetesObject<V1ObjectMeta>, ISpec<NodeUnitSpec>, IStatus<NodeUnitStatus?>
{
    [JsonPropertyName("apiVersion")] public string ApiVersion { get; set; } = SuperEdgeNames.ApiVersion;
    [JsonPropertyName("kind")] public string Kind { get; set; } = SuperEdgeNames.Kind;
    [JsonPropertyName("metadata")] public V1ObjectMeta Metadata { get; set; } = new();
    [JsonPropertyName("spec")] public NodeUnitSpec Spec { get; set; } = new();
    [JsonPropertyName("status")] public NodeUnitStatus? Status { get; set; }

    [JsonIgnore] public string Name => Metadata.Name;

    /// <summary>The parsed level; null when the stored string is not L3/L4/L5 (site-manager ignores it).</summary>
    [JsonIgnore] public AutonomyLevel? Level => AutonomyLevels.FromSpec(Spec.AutonomyLevel);
}

public sealed class NodeUnitList : IKubernetesObject<V1ListMeta>, IItems<NodeUnit>
{
    [JsonPropertyName("apiVersion")] public string ApiVersion { get; set; } = SuperEdgeNames.ApiVersion;
    [JsonPropertyName("kind")] public string Kind { get; set; } = SuperEdgeNames.ListKind;
    [JsonPropertyName("metadata")] public V1ListMeta Metadata { get; set; } = new();
    [JsonPropertyName("items")] public IList<NodeUnit> Items { get; set; } = [];
}

public sealed class NodeUnitSpec
{
    [JsonPropertyName("autonomyLevel")] public string? AutonomyLevel { get; set; }
    [JsonPropertyName("nodes")] public IList<string>? Nodes { get; set; }
    [JsonPropertyName("selector")] public NodeUnitSelector? Selector { get; set; }
    [JsonPropertyName("setNode")] public SetNode? SetNode { get; set; }
    [JsonPropertyName("taints")] public IList<V1Taint>? Taints { get; set; }
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("unitClusterInfo")] public UnitClusterInfo? UnitClusterInfo { get; set; }
    [JsonPropertyName("unitCredentialConfigMapRef")] public V1ObjectReference? UnitCredentialConfigMapRef { get; set; }
    [JsonPropertyName("unschedulable")] public bool? Unschedulable { get; set; }
}

public sealed class NodeUnitSelector
{
    [JsonPropertyName("annotations")] public IDictionary<string, string>? Annotations { get; set; }
    [JsonPropertyName("matchExpressions")] public IList<V1LabelSelectorRequirement>? MatchExpressions { get; set; }
    [JsonPropertyName("matchLabels")] public IDictionary<string, string>? MatchLabels { get; set; }
}

public sealed class SetNode
{
    [JsonPropertyName("annotations")] public IDictionary<string, string>? Annotations { get; set; }
    [JsonPropertyName("labels")] public IDictionary<string, string>? Labels { get; set; }
    [JsonPropertyName("taints")] public IList<V1Taint>? Taints { get; set; }
}

public sealed class UnitClusterInfo
{
    [JsonPropertyName("parameters")] public IDictionary<string, string>? Parameters { get; set; }
    [JsonPropertyName("storageType")] public string? StorageType { get; set; }
}

public sealed class NodeUnitStatus
{
    [JsonPropertyName("notReadyNodes")] public IList<string>? NotReadyNodes { get; set; }
    [JsonPropertyName("readyNodes")] public IList<string>? ReadyNodes { get; set; }
    [JsonPropertyName("readyRate")] public string? ReadyRate { get; set; }
    [JsonPropertyName("unitClusterStatus")] public UnitClusterStatus? UnitClusterStatus { get; set; }
}

public sealed class UnitClusterStatus
{
    [JsonPropertyName("addresses")] public IList<ClusterAddress>? Addresses { get; set; }
    [JsonPropertyName("conditions")] public IList<ClusterCondition>? Conditions { get; set; }
    [JsonPropertyName("phase")] public string? Phase { get; set; }
    [JsonPropertyName("resource")] public ClusterResource? Resource { get; set; }
    [JsonPropertyName("serviceCIDR")] public string? ServiceCidr { get; set; }
    [JsonPropertyName("version")] public string? Version { get; set; }
}

public sealed class ClusterAddress
{
    [JsonPropertyName("host")] public string? Host { get; set; }
    [JsonPropertyName("path")] public string? Path { get; set; }
    [JsonPropertyName("port")] public int? Port { get; set; }
    [JsonPropertyName("type")] public string? Type { get; set; }
}

public sealed class ClusterCondition
{
    [JsonPropertyName("lastProbeTime")] public DateTime? LastProbeTime { get; set; }
    [JsonPropertyName("lastTransitionTime")] public DateTime? LastTransitionTime { get; set; }
    [JsonPropertyName("message")] public string? Message { get; set; }
    [JsonPropertyName("reason")] public string? Reason { get; set; }
    [JsonPropertyName("status")] public string? Status { get; set; }
    [JsonPropertyName("type")] public string? Type { get; set; }
}

public sealed class ClusterResource
{
    [JsonPropertyName("allocatable")] public IDictionary<string, ResourceQuantity>? Allocatable { get; set; }
    [JsonPropertyName("allocated")] public IDictionary<string, ResourceQuantity>? Allocated { get; set; }
    [JsonPropertyName("capacity")] public IDictionary<string, ResourceQuantity>? Capacity { get; set; }
}
