using System.Net;

namespace Kins.Core.Connection;

/// <summary>
/// Sends watches over HTTP/1.1, each on a connection of its own: closing a cancelled watch then closes its socket,
/// which the API server sees at once. Over a shared HTTP/2 connection the stream resets of a cancelled watch were
/// seen to wait for the connection's next traffic, leaving the server's watches open meanwhile.
/// </summary>
internal sealed class WatchOverHttp11Handler : DelegatingHandler
{
    public WatchOverHttp11Handler(HttpMessageHandler inner) : base(inner) { }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (RequestTimeoutHandler.IsWatch(request.RequestUri))
        {
            request.Version = HttpVersion.Version11;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }
        return base.SendAsync(request, cancellationToken);
    }
}
