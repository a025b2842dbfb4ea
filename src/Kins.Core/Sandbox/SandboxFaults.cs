using System.Globalization;
using System.Text.Json.Nodes;

namespace Kins.Core.Sandbox;

/// <summary>
/// Faults a sandbox injects into its cloud API (never into its own <c>/sandbox/*</c> endpoints), so that tests and
/// benchmarks meet the failures a real API server and network produce. Rates are fractions of requests (0 to 1)
/// and together at most 1. With a <see cref="Seed"/> each request's fate depends only on the seed, its method and
/// path, and how many requests with the same method and path came before it.
/// </summary>
public sealed class SandboxFaults
{
    /// <summary>Requests answered 500 or 503 without being applied.</summary>
    public double ServerErrorRate { get; set; }

    /// <summary>Requests answered 429 with <see cref="RetryAfter"/>, without being applied.</summary>
    public double ThrottleRate { get; set; }

    /// <summary>The Retry-After of a 429, in whole seconds (at least 1, as Kubernetes sends it).</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Writes (POST, PUT, PATCH, DELETE) answered 409 Conflict without being applied.</summary>
    public double ConflictRate { get; set; }

    /// <summary>Writes the server applies and then answers 500, as when a response is lost on its way back.</summary>
    public double LostResponseRate { get; set; }

    /// <summary>Watches whose connection is reset this long after they opened; null for none.</summary>
    public TimeSpan? WatchCutAfter { get; set; }

    /// <summary>Watches that go half-open this long after they opened: nothing more is sent, and the connection stays open; null for none.</summary>
    public TimeSpan? WatchHalfOpenAfter { get; set; }

    /// <summary>
    /// Requests whose connection is reset with no HTTP answer. Half of the writes among them are reset after the
    /// server applied them (the answer is lost), the others before; reads and watches are reset before.
    /// </summary>
    public double ConnectionResetRate { get; set; }

    /// <summary>
    /// The whole cloud is cut when this many NodeUnit writes have arrived since the faults were set (that write is
    /// cut too), for <see cref="CloudCutFor"/>; null for no cut. 1 cuts the cloud exactly as a batch starts writing.
    /// </summary>
    public int? CloudCutAfterWrites { get; set; }

    /// <summary>How long the cut of <see cref="CloudCutAfterWrites"/> lasts.</summary>
    public TimeSpan CloudCutFor { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Added before every request is handled.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Makes the faults repeatable; null for a seed the sandbox draws (and reports).</summary>
    public int? Seed { get; set; }

    /// <summary>True when any fault is set.</summary>
    public bool Any => ServerErrorRate > 0 || ThrottleRate > 0 || ConflictRate > 0 || LostResponseRate > 0
        || ConnectionResetRate > 0 || CloudCutAfterWrites is not null
        || WatchCutAfter is not null || WatchHalfOpenAfter is not null || Latency > TimeSpan.Zero;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        foreach (var (name, rate) in new[] { ("serverErrorRate", ServerErrorRate), ("throttleRate", ThrottleRate), ("conflictRate", ConflictRate), ("lostResponseRate", LostResponseRate), ("connectionResetRate", ConnectionResetRate) })
        {
            if (double.IsNaN(rate) || rate < 0 || rate > 1)
            {
                throw new ArgumentException($"{name} must be between 0 and 1, not {rate.ToString(CultureInfo.InvariantCulture)}.");
            }
        }
        if (ServerErrorRate + ThrottleRate + ConflictRate + LostResponseRate + ConnectionResetRate > 1 + 1e-9)
        {
            throw new ArgumentException("The fault rates together must not exceed 1.");
        }
        if (RetryAfter < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentException("retryAfterSeconds must be at least 1.");
        }
        if (WatchCutAfter is { } cut && cut <= TimeSpan.Zero)
        {
            throw new ArgumentException("watchCutAfterSeconds must be positive.");
        }
        if (WatchHalfOpenAfter is { } stall && stall <= TimeSpan.Zero)
        {
            throw new ArgumentException("watchHalfOpenAfterSeconds must be positive.");
        }
        if (CloudCutAfterWrites is { } writes && writes < 1)
        {
            throw new ArgumentException("cloudCutAfterWrites must be at least 1.");
        }
        if (CloudCutFor <= TimeSpan.Zero)
        {
            throw new ArgumentException("cloudCutSeconds must be positive.");
        }
        if (Latency < TimeSpan.Zero)
        {
            throw new ArgumentException("latencyMilliseconds must not be negative.");
        }
    }

    /// <summary>The JSON the sandbox's <c>/sandbox/faults</c> endpoint reads and answers.</summary>
    public JsonObject ToJson() => new()
    {
        ["serverErrorRate"] = ServerErrorRate,
        ["throttleRate"] = ThrottleRate,
        ["retryAfterSeconds"] = (int)Math.Ceiling(RetryAfter.TotalSeconds),
        ["conflictRate"] = ConflictRate,
        ["lostResponseRate"] = LostResponseRate,
        ["connectionResetRate"] = ConnectionResetRate,
        ["cloudCutAfterWrites"] = CloudCutAfterWrites,
        ["cloudCutSeconds"] = CloudCutFor.TotalSeconds,
        ["watchCutAfterSeconds"] = WatchCutAfter?.TotalSeconds,
        ["watchHalfOpenAfterSeconds"] = WatchHalfOpenAfter?.TotalSeconds,
        ["latencyMilliseconds"] = Latency.TotalMilliseconds,
        ["seed"] = Seed,
    };

    /// <summary>Reads the JSON of <see cref="ToJson"/> (missing fields mean no such fault) and validates it.</summary>
    public static SandboxFaults FromJson(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        double Number(string name) => json[name] switch
        {
            null => 0,
            JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.Number =>
                double.Parse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture),
            _ => throw new ArgumentException($"{name} must be a number."),
        };
        double? Optional(string name) => json[name] is null ? null : Number(name);
        foreach (var (key, _) in json)
        {
            if (key is not ("serverErrorRate" or "throttleRate" or "retryAfterSeconds" or "conflictRate" or "lostResponseRate"
                or "connectionResetRate" or "cloudCutAfterWrites" or "cloudCutSeconds" or "watchCutAfterSeconds" or "watchHalfOpenAfterSeconds" or "latencyMilliseconds" or "seed"))
            {
                throw new ArgumentException($"Unknown fault '{key}'.");
            }
        }
        var seed = Optional("seed");
        var cutAfter = Optional("cloudCutAfterWrites");
        var faults = new SandboxFaults
        {
            ServerErrorRate = Number("serverErrorRate"),
            ThrottleRate = Number("throttleRate"),
            RetryAfter = TimeSpan.FromSeconds(Optional("retryAfterSeconds") ?? 1),
            ConflictRate = Number("conflictRate"),
            LostResponseRate = Number("lostResponseRate"),
            ConnectionResetRate = Number("connectionResetRate"),
            CloudCutAfterWrites = cutAfter switch
            {
                null => null,
                double n when n is >= 1 and <= int.MaxValue && n == Math.Floor(n) => (int)n,
                _ => throw new ArgumentException("cloudCutAfterWrites must be a whole number of at least 1."),
            },
            CloudCutFor = TimeSpan.FromSeconds(Optional("cloudCutSeconds") ?? 5),
            WatchCutAfter = Optional("watchCutAfterSeconds") is double cut ? TimeSpan.FromSeconds(cut) : null,
            WatchHalfOpenAfter = Optional("watchHalfOpenAfterSeconds") is double stall ? TimeSpan.FromSeconds(stall) : null,
            Latency = TimeSpan.FromMilliseconds(Number("latencyMilliseconds")),
            Seed = seed switch
            {
                null => null,
                double s when s is >= int.MinValue and <= int.MaxValue && s == Math.Floor(s) => (int)s,
                _ => throw new ArgumentException("seed must be a whole number that fits in 32 bits."),
            },
        };
        faults.Validate();
        return faults;
    }
}
