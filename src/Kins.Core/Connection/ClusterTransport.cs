using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Kins.Core.Connection;

/// <summary>
/// How to reach one cluster: TLS trust (CA bundle, insecure-skip-tls-verify, tls-server-name), the client
/// certificate and the proxy. Kins builds the HTTP handler itself from these, because KubernetesClient
/// ignores proxy-url, follows the environment proxy, and does not check the server name when a CA is given.
/// </summary>
internal sealed class ClusterTransport : IDisposable
{
    public required Uri Server { get; init; }
    public bool InsecureSkipTlsVerify { get; init; }
    public X509Certificate2Collection? Authority { get; init; }
    public string? TlsServerName { get; init; }
    public X509Certificate2? ClientCertificate { get; init; }
    public WebProxy? Proxy { get; init; }
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The handler chain: deadline → watches over HTTP/1.1 → tls-server-name → sockets (proxy, TLS).</summary>
    public HttpMessageHandler CreateHandler()
    {
        var sockets = new SocketsHttpHandler
        {
            UseProxy = Proxy is not null,
            Proxy = Proxy,
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            KeepAlivePingDelay = TimeSpan.FromMinutes(3),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
            ConnectTimeout = TimeSpan.FromSeconds(30),
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = ValidateServerCertificate,
                ClientCertificates = ClientCertificate is null ? null : new X509CertificateCollection { ClientCertificate },
            },
        };
        HttpMessageHandler handler = sockets;
        if (!string.IsNullOrEmpty(TlsServerName))
        {
            handler = new TlsServerNameHandler(TlsServerName, handler);
        }
        return new RequestTimeoutHandler(RequestTimeout, new WatchOverHttp11Handler(handler));
    }

    private bool ValidateServerCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (InsecureSkipTlsVerify)
        {
            return true;
        }
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }
        if (Authority is null)
        {
            return errors == SslPolicyErrors.None;
        }
        // Like kubectl: with a CA in the kubeconfig, that CA is the only root trusted.
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(Authority);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }
        using var leaf = new X509Certificate2(certificate);
        return custom.Build(leaf);
    }

    public void Dispose() => ClientCertificate?.Dispose();
}
