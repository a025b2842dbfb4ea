using System.Globalization;
using System.Text;
using Kins.Sandbox.Store;
using Microsoft.AspNetCore.Http;

namespace Kins.Sandbox.Api;

/// <summary>The query parameters of a list or watch: selectors, paging, resourceVersion, watch options.</summary>
internal sealed record ListQuery(
    LabelSelector Labels, FieldSelector Fields, int Limit, string? ContinueAfter, long? ContinueResourceVersion,
    long? ResourceVersion, bool Watch, int? TimeoutSeconds, bool AllowBookmarks, bool SendInitialEvents)
{
    public static ListQuery Parse(IQueryCollection query, ResourceType type)
    {
        var limit = 0;
        if (query["limit"].ToString() is { Length: > 0 } limitText && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit)))
        {
            throw ApiException.BadRequest($"invalid limit: {limitText}");
        }
        string? after = null;
        long? continueRv = null;
        if (query["continue"].ToString() is { Length: > 0 } token)
        {
            (continueRv, after) = DecodeContinue(token);
        }
        long? rv = null;
        if (query["resourceVersion"].ToString() is { Length: > 0 } rvText)
        {
            rv = long.TryParse(rvText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : throw ApiException.BadRequest($"invalid resource version: \"{rvText}\"");
        }
        int? timeout = int.TryParse(query["timeoutSeconds"], NumberStyles.None, CultureInfo.InvariantCulture, out var t) ? t : null;
        return new ListQuery(
            LabelSelector.Parse(query["labelSelector"]),
            FieldSelector.Parse(query["fieldSelector"], type),
            limit, after, continueRv, rv,
            IsTrue(query["watch"]), timeout, IsTrue(query["allowWatchBookmarks"]), IsTrue(query["sendInitialEvents"]));
    }

    public static string EncodeContinue(long resourceVersion, string lastKey) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(resourceVersion.ToString(CultureInfo.InvariantCulture) + ":" + lastKey))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static (long, string) DecodeContinue(string token)
    {
        try
        {
            var padded = token.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(padded));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return (long.Parse(text[..colon], CultureInfo.InvariantCulture), text[(colon + 1)..]);
        }
        catch (Exception e) when (e is FormatException or ArgumentOutOfRangeException or OverflowException)
        {
            throw ApiException.BadRequest("continue key is not valid: " + e.Message);
        }
    }

    public static bool IsTrue(string? value) => value is "true" or "1" or "True";
}
