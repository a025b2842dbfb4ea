using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Kins.Core.Errors;

namespace Kins.Core.Sandbox;

/// <summary>
/// Calls a sandbox's own <c>/sandbox/*</c> endpoints with the token and CA of the kubeconfig the sandbox wrote
/// (its fixed shape: one cluster, then the admin token user first and the read-only one after it).
/// </summary>
internal sealed class SandboxControlClient : IDisposable
{
    private readonly HttpClient _http;

    public SandboxControlClient(string kubeconfigPath, string endpoint)
    {
        var (caPem, token) = ReadKubeconfig(kubeconfigPath);
        var ca = X509Certificate2.CreateFromPem(caPem);
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, cert, _, _) =>
            {
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return cert is not null && chain.Build(cert);
            },
        };
        _http = new HttpClient(handler, disposeHandler: true) { BaseAddress = new Uri(endpoint), Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public async Task<string> SendAsync(HttpMethod method, string path, CancellationToken cancellationToken, string? jsonBody = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (jsonBody is not null)
        {
            request.Content = new StringContent(jsonBody, Encoding.UTF8, "application/json");
        }
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new KinsException(KinsErrorIds.ApiRequestFailed, KinsErrorCategory.InvalidOperation,
                $"The sandbox refused {method} {path}: {(int)response.StatusCode} {body}");
        }
        return body;
    }

    private static (string CaPem, string Token) ReadKubeconfig(string path)
    {
        string? caData = null;
        string? token = null;
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (line.StartsWith("certificate-authority-data:", StringComparison.Ordinal)) { caData = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim(); }
            else if (token is null && line.StartsWith("token:", StringComparison.Ordinal)) { token = line["token:".Length..].Trim(); }
        }
        if (caData is null || token is null)
        {
            throw new KinsException(KinsErrorIds.KubeconfigInvalid, KinsErrorCategory.InvalidData,
                $"The sandbox kubeconfig '{path}' has no certificate-authority-data or token.");
        }
        return (Encoding.UTF8.GetString(Convert.FromBase64String(caData)), token);
    }

    public void Dispose() => _http.Dispose();
}
