using YamlDotNet.Serialization;

namespace Kins.Core.Connection;

// The kubeconfig fields kubectl reads (client-go clientcmd/api/v1). Our own model because
// KubernetesClient's has no proxy-url and no tokenFile. Paths are made absolute at load time.
// The same model writes the kubeconfigs Kins hands out (Kubeconfigs/KubeconfigYaml), in kubectl's key order.

internal sealed class KubeconfigDocument
{
    [YamlMember(Alias = "apiVersion", Order = 0)] public string? ApiVersion { get; set; }
    [YamlMember(Alias = "kind", Order = 1)] public string? Kind { get; set; }
    [YamlMember(Alias = "clusters", Order = 2)] public List<NamedKubeconfigCluster>? Clusters { get; set; }
    [YamlMember(Alias = "contexts", Order = 3)] public List<NamedKubeconfigContext>? Contexts { get; set; }
    [YamlMember(Alias = "current-context", Order = 4)] public string? CurrentContext { get; set; }
    [YamlMember(Alias = "users", Order = 5)] public List<NamedKubeconfigUser>? Users { get; set; }
}

internal sealed class NamedKubeconfigCluster
{
    [YamlMember(Alias = "name")] public string? Name { get; set; }
    [YamlMember(Alias = "cluster")] public KubeconfigCluster? Cluster { get; set; }
}

internal sealed class NamedKubeconfigUser
{
    [YamlMember(Alias = "name")] public string? Name { get; set; }
    [YamlMember(Alias = "user")] public KubeconfigUser? User { get; set; }
}

internal sealed class NamedKubeconfigContext
{
    [YamlMember(Alias = "name")] public string? Name { get; set; }
    [YamlMember(Alias = "context")] public KubeconfigContext? Context { get; set; }
}

internal sealed class KubeconfigCluster
{
    [YamlMember(Alias = "server")] public string? Server { get; set; }
    [YamlMember(Alias = "certificate-authority")] public string? CertificateAuthority { get; set; }
    [YamlMember(Alias = "certificate-authority-data")] public string? CertificateAuthorityData { get; set; }
    [YamlMember(Alias = "insecure-skip-tls-verify")] public bool InsecureSkipTlsVerify { get; set; }
    [YamlMember(Alias = "tls-server-name")] public string? TlsServerName { get; set; }
    [YamlMember(Alias = "proxy-url")] public string? ProxyUrl { get; set; }
}

internal sealed class KubeconfigUser
{
    [YamlMember(Alias = "token")] public string? Token { get; set; }
    [YamlMember(Alias = "tokenFile")] public string? TokenFile { get; set; }
    [YamlMember(Alias = "client-certificate")] public string? ClientCertificate { get; set; }
    [YamlMember(Alias = "client-certificate-data")] public string? ClientCertificateData { get; set; }
    [YamlMember(Alias = "client-key")] public string? ClientKey { get; set; }
    [YamlMember(Alias = "client-key-data")] public string? ClientKeyData { get; set; }
    [YamlMember(Alias = "username")] public string? Username { get; set; }
    [YamlMember(Alias = "password")] public string? Password { get; set; }
    [YamlMember(Alias = "exec")] public KubeconfigExec? Exec { get; set; }
    [YamlMember(Alias = "auth-provider")] public KubeconfigAuthProvider? AuthProvider { get; set; }
}

internal sealed class KubeconfigExec
{
    [YamlMember(Alias = "apiVersion")] public string? ApiVersion { get; set; }
    [YamlMember(Alias = "command")] public string? Command { get; set; }
    [YamlMember(Alias = "args")] public List<string>? Args { get; set; }
    [YamlMember(Alias = "env")] public List<KubeconfigExecEnv>? Env { get; set; }
    [YamlMember(Alias = "installHint")] public string? InstallHint { get; set; }
    [YamlMember(Alias = "provideClusterInfo")] public bool ProvideClusterInfo { get; set; }
    [YamlMember(Alias = "interactiveMode")] public string? InteractiveMode { get; set; }
}

internal sealed class KubeconfigExecEnv
{
    [YamlMember(Alias = "name")] public string? Name { get; set; }
    [YamlMember(Alias = "value")] public string? Value { get; set; }
}

internal sealed class KubeconfigAuthProvider
{
    [YamlMember(Alias = "name")] public string? Name { get; set; }
}

internal sealed class KubeconfigContext
{
    [YamlMember(Alias = "cluster")] public string? Cluster { get; set; }
    [YamlMember(Alias = "user")] public string? User { get; set; }
    [YamlMember(Alias = "namespace")] public string? Namespace { get; set; }
}
