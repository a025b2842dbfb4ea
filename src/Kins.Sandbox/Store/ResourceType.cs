using System.Text.Json.Nodes;

namespace Kins.Sandbox.Store;

/// <summary>A printer column of a custom resource (the CRD's additionalPrinterColumns).</summary>
internal sealed record PrinterColumn(string Name, string Type, string? Format, string Description, int Priority, string JsonPath);

/// <summary>
/// One served resource at one version. Versions of the same group/resource share one collection
/// (<see cref="StorageKey"/>), as a CRD's versions do with conversion strategy None.
/// </summary>
internal sealed class ResourceType
{
    public required string Group { get; init; }
    public required string Version { get; init; }
    public required string Plural { get; init; }
    public required string Singular { get; init; }
    public required string Kind { get; init; }
    public string ListKind => ListKindOverride ?? Kind + "List";
    public string? ListKindOverride { get; init; }
    public required bool Namespaced { get; init; }
    public IReadOnlyList<string> ShortNames { get; init; } = [];
    public IReadOnlyList<string> Categories { get; init; } = [];
    public bool HasStatus { get; init; }
    /// <summary>Custom resources: served from a CRD, strategic merge patch refused, generation always kept.</summary>
    public bool IsCustom { get; init; }
    /// <summary>The version objects are stored in; other versions only rewrite apiVersion.</summary>
    public required string StorageVersion { get; init; }
    /// <summary>The CRD's openAPIV3Schema for this version (custom resources only).</summary>
    public JsonObject? Schema { get; init; }
    public IReadOnlyList<PrinterColumn> PrinterColumns { get; init; } = [];

    public string ApiVersion => Group.Length == 0 ? Version : Group + "/" + Version;
    public string StorageApiVersion => Group.Length == 0 ? StorageVersion : Group + "/" + StorageVersion;
    public bool IsStorageVersion => Version == StorageVersion;
    public string StorageKey => Group + "/" + Plural;
    /// <summary>As messages name it: <c>pods</c>, <c>nodeunits.site.superedge.io</c>.</summary>
    public string GroupResource => Group.Length == 0 ? Plural : Plural + "." + Group;
    /// <summary>As 422 messages name it: <c>Pod</c>, <c>NodeUnit.site.superedge.io</c>.</summary>
    public string GroupKind => Group.Length == 0 ? Kind : Kind + "." + Group;
    /// <summary>Objects whose generation the server tracks (spec changes bump it).</summary>
    public bool TracksGeneration => IsCustom || HasStatus;

    /// <summary>The verbs discovery lists; the access reviews are create-only.</summary>
    public IReadOnlyList<string> Verbs { get; init; } = AllVerbs;

    public static readonly IReadOnlyList<string> AllVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
}
