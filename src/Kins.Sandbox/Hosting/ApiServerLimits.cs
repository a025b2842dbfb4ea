using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Kins.Sandbox.Hosting;

/// <summary>
/// The cloud API's connection limits, so that no client holds a connection forever or takes every file descriptor:
/// a bound on open connections, on the time to send request headers, and on idle keep-alive connections.
/// Watches are ordinary long requests and are not cut by these.
/// </summary>
internal static class ApiServerLimits
{
    /// <summary>Far above what a batch needs (one connection per HTTP/2 client, a few for watches), far below the descriptor limit.</summary>
    public const int MaxConnections = 4096;
    public static readonly TimeSpan HeadersTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan KeepAliveTimeout = TimeSpan.FromMinutes(2);

    public static void Apply(KestrelServerLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        limits.MaxConcurrentConnections = MaxConnections;
        limits.MaxConcurrentUpgradedConnections = MaxConnections;
        limits.RequestHeadersTimeout = HeadersTimeout;
        limits.KeepAliveTimeout = KeepAliveTimeout;
        limits.Http2.KeepAlivePingDelay = TimeSpan.FromSeconds(30);
        limits.Http2.KeepAlivePingTimeout = TimeSpan.FromSeconds(20);
    }
}
