using System.Net;
using Kins.Core.Errors;

namespace Kins.Core.Connection;

/// <summary>
/// A cluster's <c>proxy-url</c>. KubernetesClient ignores it, so Kins applies it itself; a cluster without
/// one is reached directly, never through an environment proxy (HTTPS_PROXY and friends).
/// </summary>
internal static class ClusterProxy
{
    private static readonly string[] Schemes = ["http", "https", "socks5"];

    /// <summary>The proxy to use, or null for a direct connection.</summary>
    public static WebProxy? Create(string? proxyUrl, string contextName)
    {
        if (string.IsNullOrWhiteSpace(proxyUrl))
        {
            return null;
        }
        if (!Uri.TryCreate(proxyUrl.Trim(), UriKind.Absolute, out var uri) || !Schemes.Contains(uri.Scheme, StringComparer.OrdinalIgnoreCase))
        {
            throw new KinsException(KinsErrorIds.KubeconfigInvalid, KinsErrorCategory.InvalidData,
                $"The proxy-url '{Redact(proxyUrl)}' of context '{contextName}' is not an http, https or socks5 URL.", contextName);
        }
        // Loopback proxies (the sandbox's tunnel) must be used too: no local bypass.
        var proxy = new WebProxy(new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty }.Uri) { BypassProxyOnLocal = false };
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            var parts = uri.UserInfo.Split(':', 2);
            proxy.Credentials = new NetworkCredential(Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : string.Empty);
        }
        return proxy;
    }

    /// <summary>The URL without user name and password, for messages.</summary>
    public static string Redact(string? url)
    {
        if (string.IsNullOrEmpty(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.UserInfo))
        {
            return url ?? string.Empty;
        }
        return new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty }.Uri.ToString();
    }
}
