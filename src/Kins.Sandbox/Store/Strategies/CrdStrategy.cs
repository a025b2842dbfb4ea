using System.Text.Json.Nodes;
using Kins.Sandbox.Schema;

namespace Kins.Sandbox.Store.Strategies;

/// <summary>
/// CustomResourceDefinitions: the name must be <c>plural.group</c> and one version must be the storage version;
/// names are accepted and the CRD is Established at once (there is no asynchronous controller here).
/// </summary>
internal sealed class CrdStrategy : DefaultStrategy
{
    public override void PrepareForCreate(WriteContext context, JsonObject obj)
    {
        Validate(context.Type, obj);
        var spec = obj["spec"]!.AsObject();
        var storage = (spec["versions"] as JsonArray ?? []).OfType<JsonObject>().First(v => (bool?)v["storage"] == true);
        var now = Timestamps.Now();
        obj["status"] = new JsonObject
        {
            ["acceptedNames"] = spec["names"]!.DeepClone(),
            ["conditions"] = new JsonArray(
                Condition("NamesAccepted", "NoConflicts", "no conflicts found", now),
                Condition("Established", "InitialNamesAccepted", "the initial names have been accepted", now)),
            ["storedVersions"] = new JsonArray((string?)storage["name"]),
        };
    }

    public override void PrepareForUpdate(WriteContext context, JsonObject obj, JsonObject old)
    {
        if (context.Subresource is null)
        {
            PrepareForCreate(context, obj);
            obj["status"]!["conditions"] = old["status"]?["conditions"]?.DeepClone() ?? obj["status"]!["conditions"]!.DeepClone();
        }
    }

    private static void Validate(ResourceType type, JsonObject obj)
    {
        var name = (string?)obj["metadata"]?["name"] ?? string.Empty;
        var causes = new List<StatusCause>();
        var spec = obj["spec"] as JsonObject;
        var group = (string?)spec?["group"];
        var plural = (string?)spec?["names"]?["plural"];
        var kind = (string?)spec?["names"]?["kind"];
        if (string.IsNullOrEmpty(group)) { causes.Add(new("FieldValueRequired", "Required value", "spec.group")); }
        if (string.IsNullOrEmpty(plural)) { causes.Add(new("FieldValueRequired", "Required value", "spec.names.plural")); }
        if (string.IsNullOrEmpty(kind)) { causes.Add(new("FieldValueRequired", "Required value", "spec.names.kind")); }
        if (!string.IsNullOrEmpty(group) && !string.IsNullOrEmpty(plural) && name != plural + "." + group)
        {
            causes.Add(new("FieldValueInvalid", $"Invalid value: \"{name}\": must be spec.names.plural+\".\"+spec.group", "metadata.name"));
        }
        var versions = (spec?["versions"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        if (versions.Count == 0)
        {
            causes.Add(new("FieldValueRequired", "Required value: must have exactly one version marked as storage version", "spec.versions"));
        }
        else if (versions.Count(v => (bool?)v["storage"] == true) != 1)
        {
            causes.Add(new("FieldValueInvalid", "Invalid value: must have exactly one version marked as storage version", "spec.versions"));
        }
        if (causes.Count > 0)
        {
            throw ApiException.Invalid(type, name, causes);
        }
        _ = CrdTypes.From(obj);
    }

    private static JsonObject Condition(string type, string reason, string message, string now) => new()
    {
        ["type"] = type, ["status"] = "True", ["lastTransitionTime"] = now, ["reason"] = reason, ["message"] = message,
    };
}
