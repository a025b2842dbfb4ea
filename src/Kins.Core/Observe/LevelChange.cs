using System.Globalization;
using System.Text.Json;
using k8s.Models;
using Kins.Core.Model;
using Kins.Core.SuperEdge;

namespace Kins.Core.Observe;

/// <summary>
/// When a unit's spec.autonomyLevel last changed, as far as a client can tell: Kins' own annotation, written in the
/// same merge patch as the level, and on a real API server the time of the managedFields entry that owns the field
/// (an upper bound: that manager's last write). The later of the two.
/// </summary>
internal static class LevelChange
{
    public static DateTimeOffset? LastChange(NodeUnit unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var ours = Annotation(unit.Metadata);
        var theirs = unit.Metadata.ManagedFields?
            .Where(OwnsAutonomyLevel)
            .Select(m => m.Time)
            .OfType<DateTime>()
            .Select(t => new DateTimeOffset(DateTime.SpecifyKind(t.ToUniversalTime(), DateTimeKind.Utc)))
            .DefaultIfEmpty()
            .Max();
        return (ours, theirs == default ? (DateTimeOffset?)null : theirs) switch
        {
            ({ } a, { } b) => a > b ? a : b,
            (var a, var b) => a ?? b,
        };
    }

    /// <summary>The annotation value Kins writes for a change made at <paramref name="time"/>.</summary>
    public static string Format(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset? Annotation(V1ObjectMeta meta) =>
        meta.Annotations?.TryGetValue(SuperEdgeNames.LevelChangedAnnotation, out var text) == true
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : null;

    private static bool OwnsAutonomyLevel(V1ManagedFieldsEntry entry)
    {
        try
        {
            if (entry.FieldsV1 is null)
            {
                return false;
            }
            // Read from the API, FieldsV1 is already a JsonElement: serializing it again cost more than the whole judgement.
            var f = entry.FieldsV1 is JsonElement element ? element : JsonSerializer.SerializeToElement(entry.FieldsV1);
            return f.ValueKind == JsonValueKind.Object
                && f.TryGetProperty("f:spec", out var spec) && spec.ValueKind == JsonValueKind.Object
                && spec.TryGetProperty("f:autonomyLevel", out _);
        }
        catch (JsonException)
        {
            return false;
        }
        catch (NotSupportedException)
        {
            return false;
        }
    }
}
