using k8s;

namespace Kins.Core.Connection;

/// <summary>
/// A ready-to-use connection to one kubeconfig context. Its public members carry no secret and no
/// KubernetesClient type (the cmdlet assembly cannot see those); Kins.Core code uses <see cref="Client"/>.
/// Owned by <see cref="ConnectionCache"/>, which disposes it.
/// </summary>
public sealed class KinsConnection : IDisposable
{
    private readonly IDisposable? _credentials;

    internal KinsConnection(IKubernetes client, ConnectionDescription description, IDisposable? credentials = null)
    {
        Client = client;
        Description = description;
        _credentials = credentials;
    }

    internal IKubernetes Client { get; }
    internal ConnectionDescription Description { get; }

    /// <summary>Wakes the requests and watches backing off from this server once it answers one of them again.</summary>
    internal ServerRecovery Recovery { get; } = new();

    public string ContextName => Description.ContextName;
    /// <summary>The API server URL (without any user information).</summary>
    public string Server => Description.Server;
    /// <summary>The context's default namespace, if it names one.</summary>
    public string? Namespace => Description.Namespace;
    /// <summary>Which kubeconfig file(s) the context came from, or "in-cluster service account".</summary>
    public string KubeconfigDescription => Description.Source;
    /// <summary>The cluster's proxy-url without credentials; null for a direct connection.</summary>
    public string? ProxyUrl => Description.ProxyUrl;
    /// <summary>How the client authenticates, e.g. "bearer token" or "exec plugin 'aws'"; never the secret itself.</summary>
    public string Authentication => Description.Authentication;

    /// <summary>The absolute kubeconfig file(s) the context came from, in precedence order; empty in-cluster.</summary>
    public IReadOnlyList<string> KubeconfigFiles { get; internal set; } = [];
    /// <summary>
    /// <see cref="KubeconfigFiles"/> as one path list (the OS separator, like $KUBECONFIG), or null in-cluster:
    /// what emitted objects carry so that, piped back in, they reach this same cluster.
    /// </summary>
    public string? KubeconfigPath => KubeconfigFiles.Count == 0 ? null : string.Join(Path.PathSeparator, KubeconfigFiles);

    /// <summary>A one-line description for verbose output and error messages; holds no secret.</summary>
    public override string ToString() => Description.ToString();

    public void Dispose()
    {
        Client.Dispose();
        _credentials?.Dispose();
    }
}
