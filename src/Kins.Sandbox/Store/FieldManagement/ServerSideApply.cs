using System.Text.Json.Nodes;

namespace Kins.Sandbox.Store.FieldManagement;

/// <summary>
/// Server-side apply (an Apply operation): the manager's applied configuration is merged into the live object;
/// fields it applied before and no longer applies are removed unless another manager owns them; a field another
/// manager owns with a different value is a conflict (409) unless forced, and forcing takes it from that manager.
/// The manager then owns exactly the fields of its configuration.
/// </summary>
internal static class ServerSideApply
{
    /// <summary>The object that results from applying <paramref name="applied"/> to <paramref name="live"/>, managedFields included.</summary>
    public static JsonObject Apply(ResourceType type, JsonObject live, JsonObject applied, string manager, bool force, string? subresource)
    {
        var entries = ManagedFields.Read(live);
        var appliedFields = ObjectFields.Of(type, applied, subresource);
        var own = entries.FirstOrDefault(e => e.Is(manager, ManagedFields.Apply, subresource, type.ApiVersion));
        var conflicts = new List<(ManagerEntry Entry, string Path)>();
        foreach (var other in entries.Where(e => e != own))
        {
            foreach (var path in appliedFields.Intersect(other.Fields).Paths.Order(StringComparer.Ordinal))
            {
                if (FieldSet.Split(path)[^1][0] is 'k' or 'v')
                {
                    continue; // Owning a list item is not a value: only its fields conflict.
                }
                var mine = ObjectFields.ValueAt(applied, path, out _);
                var theirs = ObjectFields.ValueAt(live, path, out var present);
                if (!present || !JsonNode.DeepEquals(mine, theirs))
                {
                    conflicts.Add((other, path));
                }
            }
        }
        if (conflicts.Count > 0 && !force)
        {
            throw Conflict(type, conflicts);
        }
        foreach (var (entry, path) in conflicts)
        {
            entry.Fields = entry.Fields.Except(Single(path));
        }

        var result = live.DeepClone().AsObject();
        if (own is not null)
        {
            var othersOwn = entries.Where(e => e != own).Aggregate(new FieldSet(), (all, e) => all.Union(e.Fields));
            // Deepest first, so a list item's fields go before the item.
            foreach (var path in own.Fields.Except(appliedFields).Paths.OrderByDescending(p => p.Length))
            {
                if (!othersOwn.ContainsUnder(path))
                {
                    ObjectFields.Remove(result, path);
                }
            }
        }
        var configuration = applied.DeepClone().AsObject();
        configuration.Remove("apiVersion");
        configuration.Remove("kind");
        ObjectFields.Merge(result, configuration, FieldShape.Root(type));

        if (own is null)
        {
            own = new ManagerEntry { Manager = manager, Operation = ManagedFields.Apply, ApiVersion = type.ApiVersion, Subresource = subresource, Fields = new FieldSet() };
            entries.Add(own);
        }
        if (!own.Fields.SetEquals(appliedFields) || own.ApiVersion != type.ApiVersion || own.Time is null)
        {
            own.Time = Timestamps.Now();
        }
        own.ApiVersion = type.ApiVersion;
        own.Fields = appliedFields;
        ManagedFields.Write(result, entries);
        return result;
    }

    private static FieldSet Single(string path)
    {
        var set = new FieldSet();
        set.Add(path);
        return set;
    }

    private static ApiException Conflict(ResourceType type, List<(ManagerEntry Entry, string Path)> conflicts)
    {
        var causes = conflicts.Select(c => new StatusCause("FieldManagerConflict", "conflict with " + c.Entry.Display(), FieldSet.Display(c.Path))).ToList();
        string message;
        if (conflicts.Count == 1)
        {
            message = $"Apply failed with 1 conflict: conflict with {conflicts[0].Entry.Display()}: {FieldSet.Display(conflicts[0].Path)}";
        }
        else
        {
            var lines = new List<string>();
            foreach (var group in conflicts.GroupBy(c => c.Entry).OrderBy(g => g.Key.Manager, StringComparer.Ordinal))
            {
                lines.Add($"conflicts with {group.Key.Display()}:");
                lines.AddRange(group.Select(c => "- " + FieldSet.Display(c.Path)));
            }
            message = $"Apply failed with {conflicts.Count} conflicts: {string.Join("\n", lines)}";
        }
        return new ApiException(409, "Conflict", message, causes: causes);
    }
}
