using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using k8s.Autorest;
using Kins.Core.Errors;

namespace Kins.Core.Connection;

/// <summary>
/// The one translation of Kubernetes API failures into <see cref="KinsException"/>: HTTP status (with the
/// server's metav1.Status message), transport and TLS failures, deadlines and cancellation. Messages name
/// the connection (never its credentials) and say what to do.
/// </summary>
public static class KubernetesErrors
{
    /// <summary>Maps <paramref name="error"/>; a <see cref="KinsException"/> passes through unchanged.</summary>
    /// <param name="error">What the client threw.</param>
    /// <param name="connection">The connection used, named in the message.</param>
    /// <param name="target">The object concerned (e.g. the NodeUnit's name), carried as the error's target.</param>
    /// <param name="notFoundErrorId">The id a 404 gets (e.g. NodeUnitNotFound); the generic request id otherwise.</param>
    /// <param name="alreadyExistsErrorId">The id a 409 AlreadyExists gets (e.g. NodeUnitAlreadyExists).</param>
    public static KinsException ToKinsException(Exception error, KinsConnection? connection = null, object? target = null,
        string? notFoundErrorId = null, string? alreadyExistsErrorId = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        var where = connection is null ? "the Kubernetes API server" : $"the Kubernetes API server of context '{connection.ContextName}' ({connection.Server})";
        return error switch
        {
            KinsException kins => kins,
            HttpOperationException http => FromStatus(http, where, target, notFoundErrorId, alreadyExistsErrorId),
            OperationCanceledException => new KinsException(KinsErrorIds.OperationCanceled, KinsErrorCategory.OperationStopped, "The operation was canceled.", target, error),
            TimeoutException => new KinsException(KinsErrorIds.ClusterUnreachable, KinsErrorCategory.OperationTimeout,
                $"{Capitalized(where)} did not answer in time: {error.Message}", target, error),
            _ when FindInner<AuthenticationException>(error) is { } tls => new KinsException(KinsErrorIds.ClusterUnreachable, KinsErrorCategory.ConnectionError,
                $"The TLS connection to {where} failed: {tls.Message}", target, error)
            {
                RecommendedAction = "Check the cluster's certificate-authority(-data) and tls-server-name in the kubeconfig.",
            },
            _ when IsTransportError(error) => new KinsException(KinsErrorIds.ClusterUnreachable, KinsErrorCategory.ConnectionError,
                $"Cannot reach {where}: {Innermost(error).Message}", target, error)
            {
                RecommendedAction = "Check that the cluster is running, the server URL and the proxy-url of the kubeconfig, and the network.",
            },
            _ => new KinsException(KinsErrorIds.ApiRequestFailed, KinsErrorCategory.NotSpecified, $"A request to {where} failed: {error.Message}", target, error),
        };
    }

    /// <summary>The HTTP status of a failed API request, or null when it never got an answer.</summary>
    public static int? StatusCode(Exception error) => error switch
    {
        HttpOperationException { Response: { } response } => (int)response.StatusCode,
        KubernetesRequestException kept => kept.StatusCode,
        _ => null,
    };

    /// <summary>The metav1.Status <c>reason</c> of a failed request (e.g. "AlreadyExists", "NotFound"), if the server sent one.</summary>
    public static string? StatusReason(Exception error) =>
        error is HttpOperationException http ? ReadStatus(http).Reason : null;

    /// <summary>The TLS handshake failed (untrusted certificate, wrong name): repeating will not help.</summary>
    public static bool IsTlsError(Exception error) => error is not null && FindInner<AuthenticationException>(error) is not null;

    /// <summary>The request never got an HTTP answer (connection refused, reset, DNS, deadline).</summary>
    public static bool IsTransportError(Exception error) =>
        error is HttpRequestException { StatusCode: null } or IOException or SocketException or TimeoutException
        || (error is not HttpOperationException && error.InnerException is { } inner && IsTransportError(inner));

    private static KinsException FromStatus(HttpOperationException http, string where, object? target, string? notFoundErrorId, string? alreadyExistsErrorId)
    {
        var code = (int)(http.Response?.StatusCode ?? 0);
        var status = ReadStatus(http);
        var detail = string.IsNullOrWhiteSpace(status.Message) ? http.Response?.ReasonPhrase ?? http.Message : status.Message;
        var (id, category, advice) = code switch
        {
            401 => (KinsErrorIds.Unauthorized, KinsErrorCategory.AuthenticationError, "Check the user's token, certificate or credential plugin in the kubeconfig."),
            403 => (KinsErrorIds.Forbidden, KinsErrorCategory.PermissionDenied, "Ask the cluster administrator for the RBAC permission named in the message."),
            404 => (notFoundErrorId ?? KinsErrorIds.ApiRequestFailed, KinsErrorCategory.ObjectNotFound, (string?)null),
            409 when status.Reason == "AlreadyExists" => (alreadyExistsErrorId ?? KinsErrorIds.ApiRequestFailed, KinsErrorCategory.ResourceExists, null),
            409 => (KinsErrorIds.ApiRequestFailed, KinsErrorCategory.ResourceBusy, "Another client changed the object at the same time; try again."),
            422 or 400 => (KinsErrorIds.ApiRequestFailed, KinsErrorCategory.InvalidData, null),
            415 => (KinsErrorIds.ApiRequestFailed, KinsErrorCategory.InvalidOperation, null),
            429 => (KinsErrorIds.ApiRequestFailed, KinsErrorCategory.ResourceBusy, "The API server is throttling requests; try again later or lower -ThrottleLimit."),
            >= 500 => (KinsErrorIds.ApiRequestFailed, KinsErrorCategory.ResourceUnavailable, "The API server had a problem; try again."),
            _ => (KinsErrorIds.ApiRequestFailed, KinsErrorCategory.NotSpecified, (string?)null),
        };
        return new KinsException(id, category, $"{Capitalized(where)} answered {code} {StatusText(code)}: {detail}", target, http)
        {
            RecommendedAction = advice,
        };
    }

    private static (string? Reason, string? Message) ReadStatus(HttpOperationException http) => SafeExceptions.ReadStatus(http.Response?.Content);

    private static string StatusText(int code) => Enum.IsDefined(typeof(HttpStatusCode), code) ? ((HttpStatusCode)code).ToString() : string.Empty;

    private static string Capitalized(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    private static T? FindInner<T>(Exception error) where T : Exception
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }
        return null;
    }

    private static Exception Innermost(Exception error)
    {
        var e = error;
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }
        return e;
    }
}
