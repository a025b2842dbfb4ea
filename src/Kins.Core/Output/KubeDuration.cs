using System.Globalization;

namespace Kins.Core.Output;

/// <summary>Durations as kubectl prints them in its AGE column (k8s.io/apimachinery duration.HumanDuration).</summary>
public static class KubeDuration
{
    public static string Humanize(TimeSpan age)
    {
        var seconds = (long)Math.Max(0, age.TotalSeconds);
        var c = CultureInfo.InvariantCulture;
        if (seconds < 60 * 2) return seconds.ToString(c) + "s";
        var minutes = seconds / 60;
        if (minutes < 10) return seconds % 60 == 0 ? $"{minutes}m" : $"{minutes}m{seconds % 60}s";
        if (minutes < 60 * 3) return minutes.ToString(c) + "m";
        var hours = minutes / 60;
        if (hours < 8) return minutes % 60 == 0 ? $"{hours}h" : $"{hours}h{minutes % 60}m";
        if (hours < 48) return hours.ToString(c) + "h";
        if (hours < 24 * 8) return hours % 24 == 0 ? $"{hours / 24}d" : $"{hours / 24}d{hours % 24}h";
        if (hours < 24 * 365 * 2) return (hours / 24).ToString(c) + "d";
        if (hours < 24 * 365 * 8) return (hours / 24) % 365 == 0 ? $"{hours / 24 / 365}y" : $"{hours / 24 / 365}y{(hours / 24) % 365}d";
        return (hours / 24 / 365).ToString(c) + "y";
    }
}
