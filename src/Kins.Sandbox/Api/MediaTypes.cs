namespace Kins.Sandbox.Api;

/// <summary>The media types the API speaks and what a request's Accept header asks for.</summary>
internal static class MediaTypes
{
    public const string Json = "application/json";
    public const string MergePatch = "application/merge-patch+json";
    public const string JsonPatch = "application/json-patch+json";
    public const string StrategicMergePatch = "application/strategic-merge-patch+json";
    public const string ApplyPatch = "application/apply-patch+yaml";

    /// <summary>The meta.k8s.io Table version asked for ("v1" or "v1beta1"), or null for plain objects.</summary>
    public static string? TableVersion(string? accept)
    {
        foreach (var range in Ranges(accept))
        {
            if (range.Type == Json && range.Get("as") == "Table" && range.Get("g") == "meta.k8s.io")
            {
                return range.Get("v") is "v1beta1" ? "v1beta1" : "v1";
            }
            if (range.Type is Json or "*/*" && range.Get("as") is null)
            {
                return null;
            }
        }
        return null;
    }

    /// <summary>The aggregated discovery version the client prefers ("v2" or "v2beta1"), or null for the legacy documents.</summary>
    public static string? AggregatedDiscoveryVersion(string? accept)
    {
        foreach (var range in Ranges(accept))
        {
            if (range.Type == Json && range.Get("g") == "apidiscovery.k8s.io" && range.Get("as") == "APIGroupDiscoveryList"
                && range.Get("v") is "v2" or "v2beta1")
            {
                return range.Get("v");
            }
            if (range.Type is Json or "*/*" && range.Get("as") is null)
            {
                return null;
            }
        }
        return null;
    }

    /// <summary>Whether a plain JSON answer is acceptable: no Accept header, JSON, or a wildcard.</summary>
    public static bool AcceptsJson(string? accept) =>
        string.IsNullOrWhiteSpace(accept) || Ranges(accept).Any(r => r.Type is Json or "*/*" or "application/*");

    /// <summary>Where in the Accept header the first range that accepts JSON starts; -1 if none does.</summary>
    public static int FirstJsonIndex(string accept)
    {
        var position = 0;
        foreach (var raw in accept.Split(','))
        {
            if (AcceptsJson(raw))
            {
                return position;
            }
            position += raw.Length + 1;
        }
        return -1;
    }

    public static string Base(string? contentType) =>
        (contentType ?? string.Empty).Split(';')[0].Trim().ToLowerInvariant();

    private sealed record MediaRange(string Type, Dictionary<string, string> Parameters)
    {
        public string? Get(string name) => Parameters.TryGetValue(name, out var v) ? v : null;
    }

    private static IEnumerable<MediaRange> Ranges(string? accept)
    {
        if (string.IsNullOrWhiteSpace(accept))
        {
            yield break;
        }
        foreach (var raw in accept.Split(','))
        {
            var parts = raw.Split(';', StringSplitOptions.TrimEntries);
            var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var p in parts.Skip(1))
            {
                var eq = p.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0) { parameters[p[..eq].Trim()] = p[(eq + 1)..].Trim(); }
            }
            yield return new MediaRange(parts[0].ToLowerInvariant(), parameters);
        }
    }
}
