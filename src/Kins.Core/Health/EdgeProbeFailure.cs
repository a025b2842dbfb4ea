namespace Kins.Core.Health;

/// <summary>Why a unit's edge K3s API could not be reached (or did not serve) through tunnel-cloud's http-proxy.</summary>
public enum EdgeProbeFailure
{
    /// <summary>The K3s API answered and said it is ready.</summary>
    None,
    /// <summary>tunnel-cloud's http-proxy itself could not be reached (connection refused, no route).</summary>
    ProxyUnreachable,
    /// <summary>tunnel-cloud refused the CONNECT: with a status, or by closing the connection without one (no tunnel to the site).</summary>
    TunnelRefused,
    /// <summary>No answer within the deadline (a half-open link looks like this).</summary>
    TimedOut,
    /// <summary>The TLS handshake with the K3s API failed.</summary>
    Tls,
    /// <summary>The K3s API rejected the unit's own token (401 or 403).</summary>
    Unauthorized,
    /// <summary>The K3s API answered, but its /readyz did not say ok.</summary>
    NotReady,
    /// <summary>The K3s API answered with another error.</summary>
    ApiError,
}
