using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using Kins.Core.Health;

namespace Kins.Core.Tests.Health;

/// <summary>
/// How a failed probe through tunnel-cloud is reported: each case is the exception .NET's HttpClient throws for that
/// way of failing, and the reason must send the operator to the right place.
/// </summary>
public sealed class EdgeProbeErrorsTests
{
    private const string Proxy = "http://10.0.0.1:30080";
    private const string Server = "https://shop-svc-kins.kins-system:443";

    private static EdgeProbeFailure Reason(Exception error) => EdgeProbeErrors.Classify(error, Proxy, Server).Failure;

    [Fact]
    public void A_CONNECT_answered_with_an_error_status_is_a_refused_tunnel() =>
        Assert.Equal(EdgeProbeFailure.TunnelRefused,
            Reason(new HttpRequestException(HttpRequestError.ProxyTunnelError, "The proxy tunnel request to proxy failed with status code '502'.")));

    [Fact]
    public void A_CONNECT_closed_without_an_answer_is_a_refused_tunnel() =>
        Assert.Equal(EdgeProbeFailure.TunnelRefused, Reason(new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely.")));

    [Fact]
    public void A_handshake_cut_by_the_end_of_the_stream_is_a_cut_tunnel_not_a_TLS_problem()
    {
        // What a probe meets when the K3s server behind an accepted tunnel goes away mid-handshake.
        var error = new HttpRequestException(HttpRequestError.SecureConnectionError, "The SSL connection could not be established, see inner exception.",
            new IOException("Received an unexpected EOF or 0 bytes from the transport stream."));

        var (failure, message) = EdgeProbeErrors.Classify(error, Proxy, Server);

        Assert.Equal(EdgeProbeFailure.TunnelRefused, failure);
        Assert.Contains("closed during the TLS handshake", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_handshake_the_peer_refuses_is_a_TLS_failure() =>
        Assert.Equal(EdgeProbeFailure.Tls, Reason(new HttpRequestException(HttpRequestError.SecureConnectionError, "The SSL connection could not be established.",
            new AuthenticationException("Authentication failed because the remote party sent a TLS alert: 'ProtocolVersion'."))));

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, EdgeProbeFailure.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden, EdgeProbeFailure.Unauthorized)]
    [InlineData(HttpStatusCode.InternalServerError, EdgeProbeFailure.ApiError)]
    public void An_answer_of_the_K3s_API_is_reported_by_its_status(HttpStatusCode status, EdgeProbeFailure expected) =>
        Assert.Equal(expected, Reason(new HttpRequestException("failed", null, status)));

    [Fact]
    public void A_proxy_that_refuses_connections_is_unreachable() =>
        Assert.Equal(EdgeProbeFailure.ProxyUnreachable, Reason(new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (10.0.0.1:30080)",
            new SocketException((int)SocketError.ConnectionRefused))));
}
