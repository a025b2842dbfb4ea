using System.Net;
using k8s;
using Kins.Core.Connection;
using Kins.Core.Errors;
using Kins.Core.Tests.TestSupport;

namespace Kins.Core.Tests.Connection;

/// <summary>Real requests over HTTPS on 127.0.0.1: TLS trust, tls-server-name, tokens, proxy-url and the environment proxy.</summary>
[Collection(ProcessProxyGroup.Name)]
public sealed class ConnectionTransportTests : IDisposable
{
    private const string EmptyNodeList = """{"kind":"NodeList","apiVersion":"v1","metadata":{"resourceVersion":"7"},"items":[]}""";
    private readonly TempDirectory _dir = new();
    private readonly TestCertificates _certificates = new();
    private readonly ConnectionCache _cache = new(() => KubeconfigText.Environment(), ConnectionOptions.Default);

    private KinsConnection Connect(string server, string clusterExtra = "", string user = "    token: test-token")
    {
        var path = _dir.Write(Guid.NewGuid().ToString("N"), KubeconfigText.Single("test", server, clusterExtra: clusterExtra, user: user));
        return _cache.Get(path, null);
    }

    private string WithCa => "    certificate-authority-data: " + _certificates.AuthorityBase64;

    [Fact]
    public async Task Token_and_CA_data_reach_the_server()
    {
        await using var server = new TestHttpsServer(_certificates.Server(), _ => (200, EmptyNodeList));
        var connection = Connect(server.Url, WithCa);

        var nodes = await connection.Client.CoreV1.ListNodeAsync();

        Assert.Empty(nodes.Items);
        var request = Assert.Single(server.Requests);
        Assert.Equal("/api/v1/nodes", request.Path);
        Assert.Equal("Bearer test-token", request.Header("Authorization"));
    }

    [Fact]
    public async Task A_server_certificate_from_another_CA_is_refused()
    {
        using var other = new TestCertificates();
        await using var server = new TestHttpsServer(other.Server(), _ => (200, EmptyNodeList));
        var connection = Connect(server.Url, WithCa);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => connection.Client.CoreV1.ListNodeAsync());

        var mapped = KubernetesErrors.ToKinsException(error, connection);
        Assert.Equal(KinsErrorIds.ClusterUnreachable, mapped.ErrorId);
        Assert.Contains("TLS", mapped.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task The_server_name_is_checked_even_with_a_custom_CA()
    {
        // KubernetesClient's own check ignores a name mismatch when a CA is configured; ours must not.
        await using var server = new TestHttpsServer(_certificates.Server("kins-api.test"), _ => (200, EmptyNodeList));
        var connection = Connect(server.Url, WithCa);

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => connection.Client.CoreV1.ListNodeAsync());
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Tls_server_name_is_the_name_verified()
    {
        await using var server = new TestHttpsServer(_certificates.Server("kins-api.test"), _ => (200, EmptyNodeList));
        var connection = Connect(server.Url, WithCa + "\n    tls-server-name: kins-api.test");

        await connection.Client.CoreV1.ListNodeAsync();

        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Insecure_skip_tls_verify_accepts_any_certificate()
    {
        using var other = new TestCertificates();
        await using var server = new TestHttpsServer(other.Server("somewhere-else.test"), _ => (200, EmptyNodeList));
        var connection = Connect(server.Url, "    insecure-skip-tls-verify: true");

        await connection.Client.CoreV1.ListNodeAsync();

        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Proxy_url_is_honoured_with_a_CONNECT_tunnel()
    {
        await using var server = new TestHttpsServer(_certificates.Server(), _ => (200, EmptyNodeList));
        await using var proxy = new TestConnectProxy();
        var connection = Connect(server.Url, WithCa + "\n    proxy-url: " + proxy.Url);

        await connection.Client.CoreV1.ListNodeAsync();

        Assert.Equal([$"127.0.0.1:{server.Port}"], proxy.ConnectTargets);
        Assert.Equal("Bearer test-token", Assert.Single(server.Requests).Header("Authorization"));
        Assert.Equal(proxy.Url, connection.ProxyUrl);
    }

    [Fact]
    public async Task An_environment_proxy_is_never_used_for_a_cluster_that_names_none()
    {
        await using var server = new TestHttpsServer(_certificates.Server(), _ => (200, EmptyNodeList));
        await using var proxy = new TestConnectProxy();
        var saved = HttpClient.DefaultProxy;
        // HttpClient.DefaultProxy is where HTTPS_PROXY/HTTP_PROXY land for every handler left at its defaults.
        HttpClient.DefaultProxy = new WebProxy(proxy.Url) { BypassProxyOnLocal = false };
        try
        {
#pragma warning disable CA5359 // the control request only needs to reach the proxy
            using (var plain = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } }))
#pragma warning restore CA5359
            {
                await plain.GetAsync(server.Url + "/control");
            }
            Assert.Single(proxy.ConnectTargets); // control: a default handler does follow that proxy

            var connection = Connect(server.Url, WithCa);
            await connection.Client.CoreV1.ListNodeAsync();

            Assert.Single(proxy.ConnectTargets);
            Assert.Contains(server.Requests, r => r.Path == "/api/v1/nodes");
        }
        finally
        {
            HttpClient.DefaultProxy = saved;
        }
    }

    [Fact]
    public async Task Client_certificate_is_presented()
    {
        using var clientCert = ClientCertificate(out var certPem, out var keyPem);
        await using var server = new TestHttpsServer(_certificates.Server(), _ => (200, EmptyNodeList));
        var user = $"    client-certificate-data: {Base64(certPem)}\n    client-key-data: {Base64(keyPem)}";
        var connection = Connect(server.Url, WithCa, user);

        await connection.Client.CoreV1.ListNodeAsync();

        Assert.Equal("client certificate", connection.Authentication);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Token_file_is_read()
    {
        var tokenFile = _dir.Write("token", "token-from-file\n");
        await using var server = new TestHttpsServer(_certificates.Server(), _ => (200, EmptyNodeList));
        var connection = Connect(server.Url, WithCa, "    tokenFile: " + tokenFile);

        await connection.Client.CoreV1.ListNodeAsync();

        Assert.Equal("Bearer token-from-file", Assert.Single(server.Requests).Header("Authorization"));
    }

    [Fact]
    public async Task In_cluster_config_uses_the_service_account()
    {
        await using var server = new TestHttpsServer(_certificates.Server(), _ => (200, EmptyNodeList));
        _dir.Write("sa/token", "sa-token");
        _dir.Write("sa/ca.crt", _certificates.AuthorityPem);
        _dir.Write("sa/namespace", "kins-ns");
        using var inCluster = new ConnectionCache(
            () => KubeconfigText.Environment(home: _dir.Path, serviceAccountDirectory: Path.Combine(_dir.Path, "sa"), serviceHost: "127.0.0.1", servicePort: server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ConnectionOptions.Default);

        var connection = inCluster.Get(null, null);
        await connection.Client.CoreV1.ListNodeAsync();

        Assert.Equal("in-cluster", connection.ContextName);
        Assert.Equal("kins-ns", connection.Namespace);
        Assert.Equal("Bearer sa-token", Assert.Single(server.Requests).Header("Authorization"));
    }

    [Fact]
    public async Task Requests_other_than_watches_time_out()
    {
        var release = new TaskCompletionSource();
        await using var server = new TestHttpsServer(_certificates.Server(), async _ => { await release.Task; return (200, EmptyNodeList); });
        using var impatient = new ConnectionCache(() => KubeconfigText.Environment(), ConnectionOptions.Default with { RequestTimeout = TimeSpan.FromMilliseconds(300) });
        var path = _dir.Write("slow", KubeconfigText.Single("slow", server.Url, clusterExtra: WithCa));
        var connection = impatient.Get(path, null);

        var error = await Assert.ThrowsAsync<TimeoutException>(() => connection.Client.CoreV1.ListNodeAsync());
        release.SetResult();

        var mapped = KubernetesErrors.ToKinsException(error, connection);
        Assert.Equal(KinsErrorIds.ClusterUnreachable, mapped.ErrorId);
        Assert.Equal(KinsErrorCategory.OperationTimeout, mapped.Category);
    }

    [Fact]
    public async Task A_refused_connection_is_ClusterUnreachable()
    {
        var port = FreePort();
        var connection = Connect($"https://127.0.0.1:{port}", WithCa);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => connection.Client.CoreV1.ListNodeAsync());

        var mapped = KubernetesErrors.ToKinsException(error, connection);
        Assert.Equal(KinsErrorIds.ClusterUnreachable, mapped.ErrorId);
        Assert.Equal(KinsErrorCategory.ConnectionError, mapped.Category);
        Assert.Contains("'test'", mapped.Message, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private System.Security.Cryptography.X509Certificates.X509Certificate2 ClientCertificate(out string certPem, out string keyPem)
    {
        using var key = System.Security.Cryptography.ECDsa.Create();
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=kins-user", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        var cert = request.Create(_certificates.Authority, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1), [1, 2, 3, 4]);
        certPem = cert.ExportCertificatePem();
        keyPem = key.ExportPkcs8PrivateKeyPem();
        return cert;
    }

    private static string Base64(string text) => Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(text));

    public void Dispose()
    {
        _cache.Dispose();
        _certificates.Dispose();
        _dir.Dispose();
    }
}

/// <summary>Tests that change the process-wide default proxy run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessProxyGroup
{
    public const string Name = "Process-wide proxy";
}
