using System.Text.Json.Nodes;
using Kins.Sandbox.Store;

namespace Kins.Sandbox.Schema;

/// <summary>Reads a CustomResourceDefinition into the resource types it serves, one per served version.</summary>
internal static class CrdTypes
{
    public static IReadOnlyList<ResourceType> From(JsonObject crd)
    {
        var spec = crd["spec"] as JsonObject ?? throw ApiException.BadRequest("spec is required");
        var names = spec["names"] as JsonObject ?? new JsonObject();
        var group = (string?)spec["group"] ?? string.Empty;
        var versions = (spec["versions"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var storage = versions.FirstOrDefault(v => (bool?)v["storage"] == true);
        var storageVersion = (string?)storage?["name"] ?? (string?)versions.FirstOrDefault()?["name"] ?? "v1";
        var result = new List<ResourceType>();
        foreach (var version in versions.Where(v => (bool?)v["served"] != false))
        {
            result.Add(new ResourceType
            {
                Group = group,
                Version = (string?)version["name"] ?? "v1",
                StorageVersion = storageVersion,
                Plural = (string?)names["plural"] ?? string.Empty,
                Singular = (string?)names["singular"] ?? ((string?)names["kind"] ?? string.Empty).ToLowerInvariant(),
                Kind = (string?)names["kind"] ?? string.Empty,
                ListKindOverride = (string?)names["listKind"],
                Namespaced = (string?)spec["scope"] != "Cluster",
                ShortNames = Strings(names["shortNames"]),
                Categories = Strings(names["categories"]),
                HasStatus = version["subresources"]?["status"] is not null,
                IsCustom = true,
                Schema = version["schema"]?["openAPIV3Schema"]?.DeepClone().AsObject(),
                PrinterColumns = Columns(version["additionalPrinterColumns"] as JsonArray),
            });
        }
        return result;
    }

    private static string[] Strings(JsonNode? node) =>
        node is JsonArray a ? a.Select(x => (string?)x).OfType<string>().ToArray() : [];

    private static PrinterColumn[] Columns(JsonArray? columns) =>
        columns is null
            ? []
            : columns.OfType<JsonObject>().Select(c => new PrinterColumn(
                (string?)c["name"] ?? string.Empty,
                (string?)c["type"] ?? "string",
                (string?)c["format"],
                (string?)c["description"] ?? string.Empty,
                (int?)c["priority"] ?? 0,
                (string?)c["jsonPath"] ?? string.Empty)).ToArray();
}
