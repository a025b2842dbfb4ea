using Kins.Core.Connection;

namespace Kins.Core.Kubeconfigs;

/// <summary>What one kubeconfig context resolves to: its cluster, its user and its namespace.</summary>
internal sealed record KubeconfigEntry(KubeconfigCluster Cluster, KubeconfigUser User, string? Namespace);
