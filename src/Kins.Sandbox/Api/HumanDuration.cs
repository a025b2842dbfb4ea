using System.Globalization;

namespace Kins.Sandbox.Api;

/// <summary>Kubernetes' <c>duration.HumanDuration</c>: the AGE strings kubectl shows ("5m", "3h12m", "2d").</summary>
internal static class HumanDuration
{
    public static string Since(DateTimeOffset? time)
    {
        if (time is null)
        {
            return "<unknown>";
        }
        return Format(DateTimeOffset.UtcNow - time.Value);
    }

    public static string Format(TimeSpan d)
    {
        var seconds = (long)d.TotalSeconds;
        if (seconds < -1) { return "<invalid>"; }
        if (seconds < 0) { return "0s"; }
        if (seconds < 120) { return S($"{seconds}s"); }
        var minutes = (long)d.TotalMinutes;
        if (minutes < 10)
        {
            var s = seconds % 60;
            return s == 0 ? S($"{minutes}m") : S($"{minutes}m{s}s");
        }
        if (minutes < 180) { return S($"{minutes}m"); }
        var hours = (long)d.TotalHours;
        if (hours < 8)
        {
            var m = minutes % 60;
            return m == 0 ? S($"{hours}h") : S($"{hours}h{m}m");
        }
        if (hours < 48) { return S($"{hours}h"); }
        if (hours < 24 * 8)
        {
            var h = hours % 24;
            return h == 0 ? S($"{hours / 24}d") : S($"{hours / 24}d{h}h");
        }
        if (hours < 24 * 365 * 2) { return S($"{hours / 24}d"); }
        if (hours < 24 * 365 * 8)
        {
            var dy = hours / 24 % 365;
            return dy == 0 ? S($"{hours / 24 / 365}y") : S($"{hours / 24 / 365}y{dy}d");
        }
        return S($"{hours / 24 / 365}y");
    }

    private static string S(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
