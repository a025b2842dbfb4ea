using System.Globalization;
using System.Text.RegularExpressions;

namespace Kins.Core.Model;

/// <summary>
/// Durations as operators type them: a bare number is seconds (like kubectl --timeout and PowerShell's -TimeoutSec),
/// Go-style units ("90s", "5m", "1h30m", "500ms"), or a TimeSpan ("00:20:00"). Bounded, so a typo never means forever.
/// </summary>
public static partial class DurationText
{
    /// <summary>The longest duration a Kins time parameter accepts.</summary>
    public static TimeSpan Maximum { get; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Converts <paramref name="value"/> (TimeSpan, integer or floating seconds, or text) to a duration in
    /// [0 or more than 0, <see cref="Maximum"/>]; false with a message that names the parameter otherwise.
    /// </summary>
    public static bool TryConvert(object? value, string parameter, bool allowZero, out TimeSpan duration, out string error)
    {
        duration = TimeSpan.Zero;
        error = string.Empty;
        double? seconds = value switch
        {
            TimeSpan span => span.TotalSeconds,
            int or long or short or byte or sbyte or uint or ulong or ushort => Convert.ToDouble(value, CultureInfo.InvariantCulture),
            double or float or decimal => Convert.ToDouble(value, CultureInfo.InvariantCulture),
            string text => ParseText(text),
            _ => null,
        };
        if (seconds is not { } s || double.IsNaN(s))
        {
            error = $"-{parameter} '{value}' is not a duration. Use seconds (90), a unit (90s, 5m, 1h30m) or a TimeSpan (00:20:00).";
            return false;
        }
        if (s < 0 || (s == 0 && !allowZero))
        {
            error = $"-{parameter} must be {(allowZero ? "zero or more" : "more than zero")}, not {value}.";
            return false;
        }
        if (s > Maximum.TotalSeconds)
        {
            error = $"-{parameter} {value} is longer than {Maximum.TotalHours:0} hours; Kins refuses it rather than wait practically forever.";
            return false;
        }
        duration = TimeSpan.FromSeconds(s);
        return true;
    }

    private static double? ParseText(string text)
    {
        var trimmed = text.Trim();
        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var plain))
        {
            return plain;
        }
        if (trimmed.Contains(':', StringComparison.Ordinal))
        {
            return TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out var span) ? span.TotalSeconds : null;
        }
        var match = GoDuration().Match(trimmed);
        if (!match.Success || trimmed.Length == 0)
        {
            return null;
        }
        double total = 0;
        foreach (Capture part in match.Groups["part"].Captures)
        {
            var unit = UnitSplit().Match(part.Value);
            var number = double.Parse(unit.Groups[1].Value, CultureInfo.InvariantCulture);
            total += number * unit.Groups[2].Value.ToLowerInvariant() switch
            {
                "ms" => 0.001,
                "s" => 1,
                "m" => 60,
                "h" => 3600,
                "d" => 86400,
                _ => double.NaN,
            };
        }
        return total;
    }

    [GeneratedRegex(@"^(?<part>\d+(\.\d+)?(ms|s|m|h|d))+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GoDuration();

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)(ms|s|m|h|d)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UnitSplit();
}
