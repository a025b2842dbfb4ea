using System.Text.Json.Nodes;

namespace Kins.Sandbox.Store;

/// <summary>A parsed field selector (<c>f=v</c>, <c>f==v</c>, <c>f!=v</c>, ANDed) over the fields each resource supports.</summary>
internal sealed class FieldSelector
{
    private sealed record Requirement(string Field, bool Equal, string Value);

    private readonly List<Requirement> _requirements;

    private FieldSelector(List<Requirement> requirements) => _requirements = requirements;

    public static FieldSelector Everything { get; } = new([]);

    /// <summary>The name the selector pins, if any: lets a single-object watch or list skip the scan.</summary>
    public string? ExactName => _requirements.FirstOrDefault(r => r.Field == "metadata.name" && r.Equal)?.Value;

    public static FieldSelector Parse(string? text, ResourceType type)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }
        var requirements = new List<Requirement>();
        foreach (var raw in text.Split(','))
        {
            var part = raw.Trim();
            var (at, len, equal) = part.IndexOf("!=", StringComparison.Ordinal) is var ne and >= 0 ? (ne, 2, false)
                : part.IndexOf("==", StringComparison.Ordinal) is var ee and >= 0 ? (ee, 2, true)
                : part.IndexOf('=', StringComparison.Ordinal) is var e and >= 0 ? (e, 1, true)
                : throw ApiException.BadRequest($"invalid selector: '{text}'; can't understand '{part}'");
            var field = part[..at].Trim();
            if (!Supports(type, field))
            {
                throw ApiException.BadRequest($"field label not supported: {field}");
            }
            requirements.Add(new Requirement(field, equal, part[(at + len)..].Trim()));
        }
        return new FieldSelector(requirements);
    }

    public bool Matches(StoredObject obj)
    {
        foreach (var r in _requirements)
        {
            var actual = Read(obj, r.Field) ?? string.Empty;
            if (string.Equals(actual, r.Value, StringComparison.Ordinal) != r.Equal)
            {
                return false;
            }
        }
        return true;
    }

    private static bool Supports(ResourceType type, string field) => field switch
    {
        "metadata.name" => true,
        "metadata.namespace" => type.Namespaced,
        "status.phase" => type.Group.Length == 0 && type.Plural is "pods" or "namespaces",
        "spec.nodeName" or "status.podIP" or "spec.restartPolicy" or "spec.schedulerName" or "spec.serviceAccountName"
            => type.Group.Length == 0 && type.Plural == "pods",
        "involvedObject.name" or "involvedObject.namespace" or "involvedObject.kind" or "involvedObject.uid"
            or "involvedObject.apiVersion" or "involvedObject.resourceVersion" or "involvedObject.fieldPath" or "reason" or "source"
            => type.Group.Length == 0 && type.Plural == "events",
        "type" => type.Group.Length == 0 && type.Plural is "events" or "secrets",
        "spec.unschedulable" => type.Group.Length == 0 && type.Plural == "nodes",
        _ => false,
    };

    private static string? Read(StoredObject obj, string field)
    {
        if (field == "metadata.name") { return obj.Name; }
        if (field == "metadata.namespace") { return obj.Namespace; }
        var root = obj.Parse();
        if (field == "source") { return (string?)root["source"]?["component"]; }
        JsonNode? node = root;
        foreach (var segment in field.Split('.'))
        {
            node = node is JsonObject o ? o[segment] : null;
        }
        return node switch
        {
            null => null,
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            _ => node.ToJsonString(),
        };
    }
}
