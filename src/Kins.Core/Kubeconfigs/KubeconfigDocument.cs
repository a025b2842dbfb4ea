using YamlDotNet.Serialization;

namespace Kins.Core.Kubeconfigs;

// The parts of a kubeconfig file Kins reads and writes, with the YAML keys kubectl uses
// (KubernetesClient's own model has no proxy-url, which the cloud-side kubeconfig needs).

internal sealed class KubeconfigDocument
{
    [YamlMember(Alias = "apiVersion", Order = 0)] public string ApiVersion { get; set; } = "v1";
    [YamlMember(Alias = "kind", Order = 1)] public string Kind { get; set; } = "Config";
    [YamlMember(Alias = "clusters", Order = 2)] public List<NamedCluster> Clusters { get; set; } = [];
    [YamlMember(Alias = "contexts", Order = 3)] public List<NamedContext> Contexts { get; set; } = [];
    [YamlMember(Alias = "current-context", Order = 4)] public string? CurrentContext { get; set; }
    [YamlMember(Alias = "preferences", Order = 5)] public Dictionary<string, object> Preferences { get; set; } = [];
    [YamlMember(Alias = "users", Order = 6)] public List<NamedUser> Users { get; set; } = [];
}

internal sealed class NamedCluster
{
    [YamlMember(Alias = "cluster", Order = 0)] public ClusterEntry Cluster { get; set; } = new();
    [YamlMember(Alias = "name", Order = 1)] public string Name { get; set; } = string.Empty;
}

internal sealed class ClusterEntry
{
    [YamlMember(Alias = "certificate-authority-data")] public string? CertificateAuthorityData { get; set; }
    [YamlMember(Alias = "certificate-authority")] public string? CertificateAuthority { get; set; }
    [YamlMember(Alias = "insecure-skip-tls-verify")] public bool? InsecureSkipTlsVerify { get; set; }
    [YamlMember(Alias = "server")] public string? Server { get; set; }
    [YamlMember(Alias = "proxy-url")] public string? ProxyUrl { get; set; }
    [YamlMember(Alias = "tls-server-name")] public string? TlsServerName { get; set; }
}

internal sealed class NamedContext
{
    [YamlMember(Alias = "context", Order = 0)] public ContextEntry Context { get; set; } = new();
    [YamlMember(Alias = "name", Order = 1)] public string Name { get; set; } = string.Empty;
}

internal sealed class ContextEntry
{
    [YamlMember(Alias = "cluster", Order = 0)] public string Cluster { get; set; } = string.Empty;
    [YamlMember(Alias = "namespace", Order = 1)] public string? Namespace { get; set; }
    [YamlMember(Alias = "user", Order = 2)] public string User { get; set; } = string.Empty;
}

internal sealed class NamedUser
{
    [YamlMember(Alias = "name", Order = 0)] public string Name { get; set; } = string.Empty;
    [YamlMember(Alias = "user", Order = 1)] public UserEntry User { get; set; } = new();
}

internal sealed class UserEntry
{
    [YamlMember(Alias = "token")] public string? Token { get; set; }
    [YamlMember(Alias = "client-certificate-data")] public string? ClientCertificateData { get; set; }
    [YamlMember(Alias = "client-key-data")] public string? ClientKeyData { get; set; }
}
