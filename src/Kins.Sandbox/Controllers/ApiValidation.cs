using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kins.Sandbox.Store;

namespace Kins.Sandbox.Controllers;

/// <summary>
/// The API server's validation of what the in-process controllers write, with Kubernetes' own 422 texts, so that a
/// name site-manager could never use on a real cluster fails here too: Service names must be DNS-1035 labels, label
/// keys qualified names and label values at most 63 characters, a node's taints unique by key and effect.
/// </summary>
internal static partial class ApiValidation
{
    private const int LabelMax = 63;

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1035Label();

    [GeneratedRegex("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")]
    private static partial Regex LabelValue();

    [GeneratedRegex("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")]
    private static partial Regex QualifiedNamePart();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Dns1123Subdomain();

    /// <summary>Throws the API server's 422 when <paramref name="obj"/> is invalid for <paramref name="type"/>.</summary>
    public static void Check(ResourceType type, JsonObject obj)
    {
        var name = (string?)obj["metadata"]?["name"] ?? string.Empty;
        var causes = new List<StatusCause>();
        if (type == BuiltinResources.Services)
        {
            foreach (var message in Dns1035(name)) { causes.Add(Invalid("metadata.name", name, message)); }
        }
        Labels(obj["metadata"]?["labels"], "metadata.labels", causes);
        if (obj["spec"]?["template"]?["metadata"]?["labels"] is { } templateLabels)
        {
            Labels(templateLabels, "spec.template.metadata.labels", causes);
        }
        if (type == BuiltinResources.Nodes)
        {
            UniqueTaints(obj["spec"]?["taints"] as JsonArray, causes);
        }
        if (causes.Count > 0)
        {
            throw ApiException.Invalid(type, name, causes);
        }
    }

    /// <summary>Kubernetes' IsDNS1035Label: the messages for a Service name (empty when valid).</summary>
    public static IEnumerable<string> Dns1035(string value)
    {
        if (value.Length > LabelMax) { yield return MaxLength(LabelMax); }
        if (!Dns1035Label().IsMatch(value))
        {
            yield return "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
        }
    }

    /// <summary>Kubernetes' IsQualifiedName for a label key (empty when valid).</summary>
    public static IEnumerable<string> QualifiedName(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var name = slash < 0 ? key : key[(slash + 1)..];
        if (slash >= 0)
        {
            var prefix = key[..slash];
            if (prefix.Length == 0) { yield return "prefix part must be non-empty"; }
            else if (prefix.Length > 253 || !Dns1123Subdomain().IsMatch(prefix))
            {
                yield return "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
            }
        }
        if (name.Length == 0)
        {
            yield return "name part must be non-empty";
            yield break;
        }
        if (name.Length > LabelMax) { yield return "name part " + MaxLength(LabelMax); }
        if (!QualifiedNamePart().IsMatch(name))
        {
            yield return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
        }
    }

    private static void Labels(JsonNode? labels, string field, List<StatusCause> causes)
    {
        if (labels is not JsonObject map)
        {
            return;
        }
        foreach (var (key, node) in map)
        {
            foreach (var message in QualifiedName(key)) { causes.Add(Invalid(field, key, message)); }
            var value = node is JsonValue v && v.TryGetValue<string>(out var s) ? s : string.Empty;
            if (value.Length > LabelMax) { causes.Add(Invalid(field, value, MaxLength(LabelMax))); }
            if (!LabelValue().IsMatch(value))
            {
                causes.Add(Invalid(field, value,
                    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"));
            }
        }
    }

    private static void UniqueTaints(JsonArray? taints, List<StatusCause> causes)
    {
        var seen = new HashSet<(string?, string?)>();
        for (var i = 0; i < (taints?.Count ?? 0); i++)
        {
            if (taints![i] is not JsonObject taint || seen.Add(((string?)taint["key"], (string?)taint["effect"])))
            {
                continue;
            }
            var shown = $"core.Taint{{Key:\"{(string?)taint["key"]}\", Value:\"{(string?)taint["value"]}\", Effect:\"{(string?)taint["effect"]}\", TimeAdded:<nil>}}";
            causes.Add(new("FieldValueDuplicate", $"Duplicate value: {shown}: taints must be unique by key and effect pair", $"spec.taints[{i}]"));
        }
    }

    private static StatusCause Invalid(string field, string value, string message) =>
        new("FieldValueInvalid", $"Invalid value: \"{value}\": {message}", field);

    private static string MaxLength(int max) => $"must be no more than {max} characters";
}
