using System.Text.Json;
using System.Web;
using k8s.Autorest;

namespace Kins.Core.Errors;

/// <summary>
/// Turns whatever failed into an exception chain that holds no secret, for the inner exception of every
/// <see cref="KinsException"/>. KubernetesClient's <see cref="HttpOperationException"/> keeps the request with its
/// Authorization header, and other exceptions can reach tokens through closures or tasks: only messages, status
/// and the URL without query secrets are kept.
/// </summary>
internal static class SafeExceptions
{
    private static readonly HashSet<string> HarmlessQuery = new(StringComparer.OrdinalIgnoreCase)
    {
        "labelSelector", "fieldSelector", "limit", "continue", "watch", "resourceVersion", "resourceVersionMatch", "timeoutSeconds",
        "allowWatchBookmarks", "sendInitialEvents", "fieldManager", "fieldValidation", "dryRun", "propagationPolicy", "gracePeriodSeconds", "pretty", "force",
    };

    public static Exception? Sanitize(Exception? error) => error switch
    {
        null => null,
        KinsException or KubernetesRequestException => error,
        HttpOperationException http => FromHttp(http),
        _ => new KubernetesRequestException(error.Message, Sanitize(error.InnerException)) { OriginalType = error.GetType().FullName },
    };

    /// <summary>The metav1.Status reason and message of a failed request, if its body was one.</summary>
    public static (string? Reason, string? Message) ReadStatus(string? content)
    {
        if (string.IsNullOrWhiteSpace(content))
        {
            return (null, null);
        }
        try
        {
            using var json = JsonDocument.Parse(content);
            var root = json.RootElement;
            return root.ValueKind != JsonValueKind.Object
                ? (null, null)
                : (root.TryGetProperty("reason", out var reason) && reason.ValueKind == JsonValueKind.String ? reason.GetString() : null,
                   root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String ? message.GetString() : null);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    /// <summary>The URL with every query value Kins does not know to be harmless replaced by "redacted".</summary>
    public static string? RedactUrl(Uri? uri)
    {
        if (uri is null)
        {
            return null;
        }
        if (!uri.IsAbsoluteUri)
        {
            return uri.OriginalString.Split('?')[0];
        }
        var query = HttpUtility.ParseQueryString(uri.Query);
        var kept = query.AllKeys.Select(key => key is null
            ? "redacted"
            : $"{Uri.EscapeDataString(key)}={(HarmlessQuery.Contains(key) ? Uri.EscapeDataString(query[key] ?? string.Empty) : "redacted")}");
        var text = uri.GetLeftPart(UriPartial.Path);
        return query.Count == 0 ? text : text + "?" + string.Join("&", kept);
    }

    private static KubernetesRequestException FromHttp(HttpOperationException http)
    {
        var (reason, message) = ReadStatus(http.Response?.Content);
        var status = http.Response is { } response ? (int)response.StatusCode : (int?)null;
        var verb = http.Request?.Method.Method;
        var url = RedactUrl(http.Request?.RequestUri);
        var text = $"{verb ?? "Request"} {url ?? "(unknown URL)"} answered {status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "nothing"}"
            + (string.IsNullOrWhiteSpace(message) ? "." : $": {message}");
        return new KubernetesRequestException(text)
        {
            StatusCode = status,
            Verb = verb,
            Url = url,
            Reason = reason,
            ServerMessage = message,
            OriginalType = http.GetType().FullName,
        };
    }
}
