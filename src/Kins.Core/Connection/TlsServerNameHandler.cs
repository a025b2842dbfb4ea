namespace Kins.Core.Connection;

/// <summary>
/// Applies a cluster's <c>tls-server-name</c>. SocketsHttpHandler derives both the SNI and the name it
/// checks in the server certificate from the request's Host header (it overwrites SslOptions.TargetHost),
/// so that header carries the name; the TCP (or proxy CONNECT) target stays the server URL's address.
/// </summary>
internal sealed class TlsServerNameHandler : DelegatingHandler
{
    private readonly string _serverName;

    public TlsServerNameHandler(string serverName, HttpMessageHandler inner) : base(inner) => _serverName = serverName;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Headers.Host = _serverName;
        return base.SendAsync(request, cancellationToken);
    }
}
