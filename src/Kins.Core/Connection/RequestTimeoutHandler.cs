using System.Web;

namespace Kins.Core.Connection;

/// <summary>
/// Gives every request except watches a deadline covering headers and body. KubernetesClient's own
/// timeout is switched off because it would also cut long watches; watches rely on the server-side
/// timeoutSeconds and are re-established by their caller.
/// </summary>
internal sealed class RequestTimeoutHandler : DelegatingHandler
{
    private readonly TimeSpan _timeout;

    public RequestTimeoutHandler(TimeSpan timeout, HttpMessageHandler inner) : base(inner) => _timeout = timeout;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (_timeout == Timeout.InfiniteTimeSpan || IsWatch(request.RequestUri))
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        HttpResponseMessage? response = null;
        try
        {
            response = await base.SendAsync(request, deadline.Token).ConfigureAwait(false);
            // Buffering inside the deadline bounds a body that trickles; disposing the response aborts the read.
            using (deadline.Token.Register(response.Dispose))
            {
                await response.Content.LoadIntoBufferAsync().ConfigureAwait(false);
            }
            deadline.Token.ThrowIfCancellationRequested();
            return response;
        }
        catch (Exception e) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            response?.Dispose();
            throw new TimeoutException(
                $"The Kubernetes API server {request.RequestUri?.GetLeftPart(UriPartial.Authority)} did not answer {request.Method} {request.RequestUri?.AbsolutePath} within {_timeout.TotalSeconds:0.#} seconds.", e);
        }
    }

    public static bool IsWatch(Uri? uri)
    {
        if (uri is null || string.IsNullOrEmpty(uri.Query))
        {
            return false;
        }
        var watch = HttpUtility.ParseQueryString(uri.Query)["watch"];
        return string.Equals(watch, "true", StringComparison.OrdinalIgnoreCase) || watch == "1";
    }
}
