using System.Security.Cryptography.X509Certificates;
using k8s;
using k8s.Authentication;
using Kins.Core.Errors;

namespace Kins.Core.Connection;

/// <summary>Builds a <see cref="KinsConnection"/> from a kubeconfig context or from the pod's service account.</summary>
internal static class ConnectionFactory
{
    public const string InClusterContextName = "in-cluster";

    public static KinsConnection FromContext(SelectedContext context, ConnectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        var cluster = context.Cluster;
        var server = ParseServer(cluster.Server, context.Name);
        var user = context.User ?? new KubeconfigUser();
        if (user.AuthProvider is not null && string.IsNullOrEmpty(user.Token) && user.Exec is null)
        {
            throw new KinsException(KinsErrorIds.KubeconfigInvalid, KinsErrorCategory.NotImplemented,
                $"The user of context '{context.Name}' uses auth-provider '{user.AuthProvider.Name}', which Kins does not support (kubectl deprecated it too).", context.Name)
            {
                RecommendedAction = "Use an exec credential plugin (for example kubelogin) in the kubeconfig instead.",
            };
        }

        var configuration = NewConfiguration(server, context.Namespace);
        var clientCertificate = KubeconfigCertificates.LoadClient(user, context.Name);
        var authentication = clientCertificate is null ? "no credentials" : "client certificate";
        IDisposable? credentials = null;
        if (!string.IsNullOrEmpty(user.Token))
        {
            configuration.AccessToken = user.Token;
            authentication = "bearer token";
        }
        else if (!string.IsNullOrEmpty(user.TokenFile))
        {
            if (!File.Exists(user.TokenFile))
            {
                throw new KinsException(KinsErrorIds.KubeconfigInvalid, KinsErrorCategory.ObjectNotFound,
                    $"The tokenFile '{user.TokenFile}' of context '{context.Name}' does not exist.", context.Name);
            }
            configuration.TokenProvider = new TokenFileAuth(user.TokenFile);
            authentication = $"token file '{user.TokenFile}'";
        }
        else if (user.Exec is not null)
        {
            var plugin = new ExecCredentialPlugin(user.Exec, cluster, context.Name, options.ExecPluginTimeout);
            // Run now: a failing or missing plugin is reported when connecting, not on some later request.
            var first = plugin.RunAsync(CancellationToken.None).GetAwaiter().GetResult();
            if (first.HasClientCertificate)
            {
                clientCertificate?.Dispose();
                clientCertificate = KubeconfigCertificates.FromPem(first.ClientCertificatePem!, first.ClientKeyPem!);
            }
            if (!string.IsNullOrEmpty(first.Token))
            {
                var provider = new ExecCredentialTokenProvider(plugin, first);
                configuration.TokenProvider = provider;
                credentials = provider;
            }
            authentication = $"exec plugin '{plugin.Command}'";
        }
        else if (!string.IsNullOrEmpty(user.Username))
        {
            configuration.Username = user.Username;
            configuration.Password = user.Password;
            authentication = "basic authentication";
        }

        var transport = new ClusterTransport
        {
            Server = server,
            InsecureSkipTlsVerify = cluster.InsecureSkipTlsVerify,
            Authority = KubeconfigCertificates.LoadAuthority(cluster.CertificateAuthorityData, cluster.CertificateAuthority, context.Name),
            TlsServerName = cluster.TlsServerName,
            ClientCertificate = clientCertificate,
            Proxy = ClusterProxy.Create(cluster.ProxyUrl, context.Name),
            RequestTimeout = options.RequestTimeout,
        };
        var description = new ConnectionDescription(context.Name, server.ToString(), context.Namespace, context.SourceDescription,
            string.IsNullOrWhiteSpace(cluster.ProxyUrl) ? null : ClusterProxy.Redact(cluster.ProxyUrl), authentication);
        return new KinsConnection(new KinsKubernetesClient(configuration, transport), description, credentials);
    }

    /// <summary>client-go's in-cluster config: KUBERNETES_SERVICE_HOST/PORT, the service account's CA, token (re-read as it rotates) and namespace.</summary>
    public static KinsConnection InCluster(KubeconfigEnvironment environment, ConnectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(options);
        var host = environment.ServiceHost!.Contains(':', StringComparison.Ordinal) ? $"[{environment.ServiceHost}]" : environment.ServiceHost;
        var server = ParseServer($"https://{host}:{environment.ServicePort}", InClusterContextName);
        var ns = File.Exists(environment.NamespacePath) ? File.ReadAllText(environment.NamespacePath).Trim() : null;
        var configuration = NewConfiguration(server, ns);
        configuration.TokenProvider = new TokenFileAuth(environment.TokenPath);
        var transport = new ClusterTransport
        {
            Server = server,
            Authority = File.Exists(environment.CaPath) ? LoadPemFile(environment.CaPath) : null,
            RequestTimeout = options.RequestTimeout,
        };
        var description = new ConnectionDescription(InClusterContextName, server.ToString(), ns, "in-cluster service account", null, "service account token");
        return new KinsConnection(new KinsKubernetesClient(configuration, transport), description);
    }

    private static KubernetesClientConfiguration NewConfiguration(Uri server, string? ns) => new()
    {
        Host = server.ToString(),
        // TLS is checked by ClusterTransport's handler; this only keeps the base client from building its own checks.
        SkipTlsVerify = true,
        // Deadlines come from RequestTimeoutHandler, which spares watches.
        HttpClientTimeout = Timeout.InfiniteTimeSpan,
        Namespace = ns,
    };

    private static X509Certificate2Collection LoadPemFile(string path)
    {
        var collection = new X509Certificate2Collection();
        collection.ImportFromPemFile(path);
        return collection;
    }

    private static Uri ParseServer(string? server, string contextName)
    {
        if (Uri.TryCreate(server, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
        {
            return string.IsNullOrEmpty(uri.UserInfo) ? uri : new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty }.Uri;
        }
        throw new KinsException(KinsErrorIds.KubeconfigInvalid, KinsErrorCategory.InvalidData,
            string.IsNullOrEmpty(server)
                ? $"The cluster of context '{contextName}' has no server URL."
                : $"The server '{server}' of context '{contextName}' is not an http or https URL.", contextName);
    }
}
