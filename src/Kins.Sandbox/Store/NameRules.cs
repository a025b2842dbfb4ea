using System.Text.RegularExpressions;

namespace Kins.Sandbox.Store;

/// <summary>Kubernetes' object name rules: RFC 1123 labels for namespaces, RFC 1123 subdomains for everything else.</summary>
internal static partial class NameRules
{
    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Subdomain();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Label();

    public static void Check(ResourceType type, string name, string field, List<StatusCause> causes)
    {
        var isLabel = type.Group.Length == 0 && type.Plural == "namespaces";
        if (isLabel)
        {
            if (name.Length > 63 || !Label().IsMatch(name))
            {
                causes.Add(new("FieldValueInvalid",
                    $"Invalid value: \"{name}\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
                    field));
            }
            return;
        }
        if (name.Length > 253 || !Subdomain().IsMatch(name))
        {
            causes.Add(new("FieldValueInvalid",
                $"Invalid value: \"{name}\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
                field));
        }
    }
}
