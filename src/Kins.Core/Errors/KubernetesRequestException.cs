namespace Kins.Core.Errors;

/// <summary>
/// What Kins keeps of a failed Kubernetes request: the HTTP status, verb, URL (query values that could be secret
/// removed), the server's metav1.Status reason and message, and the type and message of a transport failure.
/// It holds no request, response, header or client object, so nothing reachable from it can carry a token.
/// </summary>
public sealed class KubernetesRequestException : Exception
{
    public KubernetesRequestException() { }

    public KubernetesRequestException(string message) : base(message) { }

    /// <param name="message">The failure's message.</param>
    /// <param name="inner">Must itself be a <see cref="KubernetesRequestException"/> (or null): nothing else is kept.</param>
    public KubernetesRequestException(string message, Exception? inner) : base(message, inner as KubernetesRequestException) { }

    /// <summary>The HTTP status the server answered; null when no answer came (connection refused, reset, deadline).</summary>
    public int? StatusCode { get; init; }

    public string? Verb { get; init; }

    /// <summary>The request URL, with the values of query parameters Kins does not know to be harmless replaced.</summary>
    public string? Url { get; init; }

    /// <summary>The metav1.Status reason (e.g. NotFound, Expired).</summary>
    public string? Reason { get; init; }

    /// <summary>The metav1.Status message.</summary>
    public string? ServerMessage { get; init; }

    /// <summary>The type of the original failure (e.g. System.Net.Http.HttpRequestException).</summary>
    public string? OriginalType { get; init; }
}
