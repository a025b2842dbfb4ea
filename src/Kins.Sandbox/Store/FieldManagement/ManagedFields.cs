using System.Text.Json.Nodes;

namespace Kins.Sandbox.Store.FieldManagement;

/// <summary>One <c>metadata.managedFields</c> entry: a manager, its operation, and the fields it owns.</summary>
internal sealed class ManagerEntry
{
    public required string Manager { get; init; }
    public required string Operation { get; init; }
    public required string ApiVersion { get; set; }
    public string? Subresource { get; init; }
    public string? Time { get; set; }
    public required FieldSet Fields { get; set; }

    public bool Is(string manager, string operation, string? subresource, string apiVersion) =>
        Manager == manager && Operation == operation && Subresource == subresource
        && (operation == ManagedFields.Apply || ApiVersion == apiVersion);

    /// <summary>As conflict messages name a manager: <c>"kubectl" using v1 at 2024-01-01T00:00:00Z</c> for updates.</summary>
    public string Display()
    {
        var text = "\"" + Manager + "\"";
        if (Subresource is not null) { text += $" with subresource \"{Subresource}\""; }
        if (Operation != ManagedFields.Update) { return text; }
        return Time is null ? $"{text} using {ApiVersion}" : $"{text} using {ApiVersion} at {Time}";
    }
}

/// <summary>
/// Reading and writing <c>metadata.managedFields</c>, and the ownership an Update operation (create, update, or a
/// non-apply patch) records: the manager takes the fields it changed from everyone, and removed fields leave every
/// manager. The entry's time moves only when its fields do, so a write that changes nothing stays a no-op.
/// </summary>
internal static class ManagedFields
{
    public const string Apply = "Apply";
    public const string Update = "Update";

    public static List<ManagerEntry> Read(JsonObject obj)
    {
        var entries = new List<ManagerEntry>();
        if (obj["metadata"]?["managedFields"] is not JsonArray array)
        {
            return entries;
        }
        foreach (var item in array.OfType<JsonObject>())
        {
            var manager = (string?)item["manager"];
            var operation = (string?)item["operation"];
            if (manager is null || operation is not (Apply or Update))
            {
                continue;
            }
            entries.Add(new ManagerEntry
            {
                Manager = manager,
                Operation = operation,
                ApiVersion = (string?)item["apiVersion"] ?? string.Empty,
                Subresource = (string?)item["subresource"],
                Time = (string?)item["time"],
                Fields = FieldSet.FromFieldsV1(item["fieldsV1"]),
            });
        }
        return entries;
    }

    /// <summary>Writes the entries (Apply before Update, then by time and manager, as the API server orders them); none removes the field.</summary>
    public static void Write(JsonObject obj, IEnumerable<ManagerEntry> entries)
    {
        var metadata = obj["metadata"]!.AsObject();
        var kept = entries.Where(e => e.Fields.Count > 0)
            .OrderBy(e => e.Operation, StringComparer.Ordinal)
            .ThenBy(e => e.Time ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(e => e.Manager, StringComparer.Ordinal)
            .ToList();
        if (kept.Count == 0)
        {
            metadata.Remove("managedFields");
            return;
        }
        var array = new JsonArray();
        foreach (var e in kept)
        {
            var item = new JsonObject
            {
                ["manager"] = e.Manager, ["operation"] = e.Operation, ["apiVersion"] = e.ApiVersion,
                ["time"] = e.Time, ["fieldsType"] = "FieldsV1", ["fieldsV1"] = e.Fields.ToFieldsV1(),
            };
            if (e.Subresource is not null) { item["subresource"] = e.Subresource; }
            array.Add(item);
        }
        metadata["managedFields"] = array;
    }

    /// <summary>Records an Update operation of <paramref name="manager"/> that turns <paramref name="old"/> (null on create) into <paramref name="next"/>.</summary>
    public static void TrackUpdate(WriteContext context, string manager, JsonObject next, JsonObject? old)
    {
        var entries = Read(next);
        if (next["metadata"]?["managedFields"] is JsonArray { Count: 1 } reset && reset[0] is JsonObject { Count: 0 })
        {
            entries.Clear(); // [{}] is how a client resets ownership.
        }
        var nextFields = ObjectFields.Of(context.Type, next, context.Subresource);
        var oldFields = old is null ? new FieldSet() : ObjectFields.Of(context.Type, old, context.Subresource);
        var changed = new FieldSet();
        foreach (var path in nextFields.Paths)
        {
            var isItem = FieldSet.Split(path)[^1][0] is 'k' or 'v';
            var before = old is null ? null : ObjectFields.ValueAt(old, path, out var existed) is var value && existed ? value : null;
            var wasThere = old is not null && oldFields.Contains(path);
            if (!wasThere || (!isItem && !JsonNode.DeepEquals(before, ObjectFields.ValueAt(next, path, out _))))
            {
                changed.Add(path);
            }
        }
        var removed = oldFields.Except(nextFields);
        var apiVersion = context.Type.ApiVersion;
        var own = entries.FirstOrDefault(e => e.Is(manager, Update, context.Subresource, apiVersion));
        foreach (var e in entries.Where(e => e != own))
        {
            e.Fields = e.Fields.Except(removed).Except(changed);
        }
        if (own is null && changed.Count > 0)
        {
            own = new ManagerEntry { Manager = manager, Operation = Update, ApiVersion = apiVersion, Subresource = context.Subresource, Fields = new FieldSet() };
            entries.Add(own);
        }
        if (own is not null)
        {
            var fields = own.Fields.Except(removed).Union(changed);
            if (!fields.SetEquals(own.Fields) || own.Time is null)
            {
                own.Time = Timestamps.Now();
            }
            own.Fields = fields;
        }
        Write(next, entries);
    }
}
