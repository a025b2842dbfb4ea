using System.Text.Json.Nodes;
using Kins.Sandbox.Store;
using Microsoft.AspNetCore.Http;

namespace Kins.Sandbox.Api;

/// <summary>
/// The options of a write (metav1 CreateOptions, UpdateOptions, PatchOptions, DeleteOptions): dryRun, fieldManager
/// and force, checked as the API server's option validation does (422 Invalid on the options kind).
/// </summary>
internal sealed record WriteOptions(bool DryRun, string? FieldManager, bool Force)
{
    private const int FieldManagerMaxLength = 128;
    private static readonly string[] PropagationPolicies = ["Foreground", "Background", "Orphan"];

    /// <summary>Create, update and patch options from the query string.</summary>
    public static WriteOptions FromQuery(IQueryCollection query, string optionsKind, bool apply = false)
    {
        var causes = new List<StatusCause>();
        var dryRun = ReadDryRun(query["dryRun"].OfType<string>().ToList(), causes);
        var manager = query["fieldManager"].ToString();
        var forceText = query["force"].ToString();
        var force = false;
        if (forceText.Length > 0 && !bool.TryParse(forceText, out force))
        {
            throw ApiException.BadRequest($"strconv.ParseBool: parsing \"{forceText}\": invalid syntax");
        }
        CheckFieldManager(manager, causes);
        if (apply && manager.Length == 0)
        {
            causes.Add(new("FieldValueRequired", "Required value: is required for apply patch", "fieldManager"));
        }
        if (!apply && forceText.Length > 0)
        {
            causes.Add(new("FieldValueForbidden", "Forbidden: may not be specified for non-apply patch", "force"));
        }
        Throw(optionsKind, causes);
        return new WriteOptions(dryRun, manager.Length == 0 ? null : manager, force);
    }

    /// <summary>
    /// DeleteOptions: from the body when there is one (as kubectl sends them), else from the query string, never
    /// both, as the API server reads them.
    /// </summary>
    public static DeleteOptions Delete(JsonNode? body, IQueryCollection query)
    {
        var causes = new List<StatusCause>();
        if (body is null)
        {
            var fromQuery = ReadDryRun(query["dryRun"].OfType<string>().ToList(), causes);
            CheckPropagation(query["propagationPolicy"].ToString(), causes);
            Throw("DeleteOptions", causes);
            return new DeleteOptions(DryRun: fromQuery,
                GracePeriodSeconds: long.TryParse(query["gracePeriodSeconds"].ToString(), System.Globalization.CultureInfo.InvariantCulture, out var seconds) ? seconds : null);
        }
        if (body is not JsonObject options)
        {
            throw ApiException.BadRequest("the body of a delete must be a DeleteOptions object");
        }
        var kind = (string?)options["kind"];
        if (kind is not null && kind != "DeleteOptions")
        {
            throw ApiException.BadRequest($"decoded object cannot be converted to DeleteOptions (got kind {kind})");
        }
        var values = options["dryRun"] switch
        {
            null => [],
            JsonArray array => array.Select(v => v is JsonValue value && value.TryGetValue<string>(out var s) ? s : v?.ToJsonString() ?? "null").ToList(),
            _ => throw ApiException.BadRequest("dryRun in DeleteOptions must be a list of strings"),
        };
        var dryRun = ReadDryRun(values, causes);
        CheckPropagation((string?)options["propagationPolicy"] ?? string.Empty, causes);
        Throw("DeleteOptions", causes);
        return new DeleteOptions((string?)options["preconditions"]?["uid"], (string?)options["preconditions"]?["resourceVersion"], dryRun,
            options["gracePeriodSeconds"] is JsonValue given && given.TryGetValue<long>(out var grace) ? grace : null);
    }

    private static bool ReadDryRun(List<string> values, List<StatusCause> causes)
    {
        if (values.Count == 0)
        {
            return false;
        }
        if (values.Any(v => v != "All"))
        {
            var shown = "[]string{" + string.Join(", ", values.Select(v => "\"" + v + "\"")) + "}";
            causes.Add(new("FieldValueNotSupported", $"Unsupported value: {shown}: supported values: \"All\"", "dryRun"));
        }
        return true;
    }

    private static void CheckFieldManager(string manager, List<StatusCause> causes)
    {
        if (manager.Length > FieldManagerMaxLength)
        {
            causes.Add(new("FieldValueTooLong", $"Too long: may not be more than {FieldManagerMaxLength} bytes", "fieldManager"));
        }
        for (var i = 0; i < manager.Length; i++)
        {
            if (char.IsControl(manager[i]))
            {
                causes.Add(new("FieldValueInvalid", $"Invalid value: \"{manager}\": invalid character U+{(int)manager[i]:X4} (at position {i})", "fieldManager"));
                break;
            }
        }
    }

    private static void CheckPropagation(string policy, List<StatusCause> causes)
    {
        if (policy.Length > 0 && !PropagationPolicies.Contains(policy))
        {
            causes.Add(new("FieldValueNotSupported",
                $"Unsupported value: \"{policy}\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"", "propagationPolicy"));
        }
    }

    private static void Throw(string optionsKind, List<StatusCause> causes)
    {
        if (causes.Count == 0)
        {
            return;
        }
        var detail = causes.Count == 1
            ? causes[0].Field + ": " + causes[0].Message
            : "[" + string.Join(", ", causes.Select(c => c.Field + ": " + c.Message)) + "]";
        throw new ApiException(422, "Invalid", $"{optionsKind}.meta.k8s.io \"\" is invalid: {detail}", null, "meta.k8s.io", optionsKind, causes);
    }
}
