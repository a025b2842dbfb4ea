namespace Kins.Sandbox.Tunnel;

/// <summary>
/// What the http-proxy allows a connection, so that no client holds one forever: the time to send its request head,
/// how long an established tunnel may carry nothing in either direction, and how many connections may be open at once.
/// </summary>
/// <param name="HeaderTimeout">From accept to the blank line that ends the CONNECT request.</param>
/// <param name="IdleTimeout">A tunnel with no byte in either direction for this long is closed.</param>
/// <param name="MaxConnections">Connections beyond this are answered 503 and closed at once.</param>
internal sealed record ProxyLimits(TimeSpan HeaderTimeout, TimeSpan IdleTimeout, int MaxConnections)
{
    /// <summary>10 s for the head (Kubernetes' own proxies allow about that), 10 minutes idle, 1,000 connections.</summary>
    public static ProxyLimits Default { get; } = new(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(10), 1000);
}
