using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;

namespace Kins.Core.Health;

/// <summary>Turns a failed request through the tunnel into the reason an operator acts on.</summary>
internal static class EdgeProbeErrors
{
    public static (EdgeProbeFailure Failure, string Message) Classify(Exception error, string proxyUrl, string server)
    {
        if (error is HttpRequestException request)
        {
            // A CONNECT answered with a status carries that status too: the tunnel, not the K3s API, refused.
            if (request.HttpRequestError == HttpRequestError.ProxyTunnelError)
            {
                return (EdgeProbeFailure.TunnelRefused, $"tunnel-cloud ({proxyUrl}) refused the tunnel to {server}: {Innermost(error)}");
            }
            if (request.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                return (EdgeProbeFailure.Unauthorized, $"the K3s API rejected the unit's token ({(int)request.StatusCode.Value} {request.StatusCode.Value}): the edge kubeconfig no longer matches the cluster's known token");
            }
            if (request.StatusCode is { } status)
            {
                return (EdgeProbeFailure.ApiError, $"the K3s API answered {(int)status} {status}");
            }
            if (Has<AuthenticationException>(error))
            {
                return (EdgeProbeFailure.Tls, $"the TLS handshake with {server} failed: {Innermost(error)}");
            }
            if (request.HttpRequestError == HttpRequestError.SecureConnectionError)
            {
                // The handshake met the end of the stream, not a TLS refusal: the tunnel was accepted, then cut
                // (its K3s server went away, or tunnel-cloud lost the site). Reporting Tls would send the operator to the certificates.
                return (EdgeProbeFailure.TunnelRefused, $"the connection through tunnel-cloud ({proxyUrl}) to {server} closed during the TLS handshake: {Innermost(error)}");
            }
            switch (request.HttpRequestError)
            {
                case HttpRequestError.ResponseEnded or HttpRequestError.InvalidResponse:
                    return (EdgeProbeFailure.TunnelRefused, $"tunnel-cloud ({proxyUrl}) closed the connection without an answer: it has no tunnel to {server} now");
                case HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError when Has<SocketException>(error):
                    return (EdgeProbeFailure.ProxyUnreachable, $"tunnel-cloud's http-proxy {proxyUrl} cannot be reached: {Innermost(error)}");
            }
        }
        if (Has<IOException>(error) || Has<SocketException>(error))
        {
            return (EdgeProbeFailure.TunnelRefused, $"the tunnel to {server} was cut: {Innermost(error)}");
        }
        return (EdgeProbeFailure.ApiError, Innermost(error));
    }

    private static bool Has<T>(Exception error) where T : Exception
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            if (e is T) { return true; }
        }
        return false;
    }

    private static string Innermost(Exception error)
    {
        var e = error;
        while (e.InnerException is not null) { e = e.InnerException; }
        return e == error ? e.Message : $"{error.Message} ({e.Message})";
    }
}
