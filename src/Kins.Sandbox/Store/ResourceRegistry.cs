namespace Kins.Sandbox.Store;

/// <summary>
/// Every served resource at every served version: the built-ins, plus each CRD's versions while the CRD exists.
/// Readers get an immutable snapshot; CRD changes swap it.
/// </summary>
internal sealed class ResourceRegistry
{
    private readonly object _gate = new();
    private Dictionary<string, IReadOnlyList<ResourceType>> _custom = new(StringComparer.Ordinal);
    private IReadOnlyList<ResourceType> _all = BuiltinResources.All;

    /// <summary>Every served resource type, built-ins first, custom resources in CRD-name order.</summary>
    public IReadOnlyList<ResourceType> All => Volatile.Read(ref _all);

    public ResourceType? Find(string group, string version, string plural)
    {
        foreach (var t in All)
        {
            if (t.Plural == plural && t.Version == version && t.Group == group)
            {
                return t;
            }
        }
        return null;
    }

    /// <summary>The storage-version type of a group/resource (the one controllers read and write).</summary>
    public ResourceType? FindStorage(string group, string plural) =>
        All.FirstOrDefault(t => t.Plural == plural && t.Group == group && t.IsStorageVersion);

    public bool IsGroupVersionServed(string group, string version) => All.Any(t => t.Group == group && t.Version == version);

    /// <summary>Serves (or re-serves) a CRD's versions.</summary>
    public void SetCustom(string crdName, IReadOnlyList<ResourceType> versions)
    {
        lock (_gate)
        {
            var next = new Dictionary<string, IReadOnlyList<ResourceType>>(_custom, StringComparer.Ordinal) { [crdName] = versions };
            Swap(next);
        }
    }

    public void RemoveCustom(string crdName)
    {
        lock (_gate)
        {
            var next = new Dictionary<string, IReadOnlyList<ResourceType>>(_custom, StringComparer.Ordinal);
            if (next.Remove(crdName))
            {
                Swap(next);
            }
        }
    }

    private void Swap(Dictionary<string, IReadOnlyList<ResourceType>> custom)
    {
        _custom = custom;
        var all = new List<ResourceType>(BuiltinResources.All);
        foreach (var name in custom.Keys.Order(StringComparer.Ordinal))
        {
            all.AddRange(custom[name]);
        }
        Volatile.Write(ref _all, all);
    }
}
