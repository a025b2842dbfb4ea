namespace Kins.Core.Observe;

/// <summary>
/// Which labelled nodes are a unit's K3s servers. A node's <c>site.superedge.io/kins-role=server</c> label names no
/// unit, the node is a member of several units (unit-node-all, selector units), and the label stays on selector
/// members after demotion (SITE-MANAGER.md, flaws 5 and 13). So a server belongs to the unit whose server PV
/// (<c>&lt;unit&gt;-local-pv-&lt;node&gt;</c>) names it; a labelled member no unit's PV names is unclaimed: site-manager
/// counts it as a server of any L4/L5 unit it is a member of (kins.go:172-176), and at L3 it is a leftover.
/// </summary>
/// <param name="Owned">Members that this unit's PVs name.</param>
/// <param name="Unclaimed">Labelled members that no unit's PV names.</param>
/// <param name="Foreign">Labelled members that serve other units.</param>
internal sealed record ServerRoles(IReadOnlyList<string> Owned, IReadOnlyList<string> Unclaimed, IReadOnlyList<string> Foreign)
{
    /// <summary>Owned servers that other units' PVs name too, with those units: only one K3s server pod runs per node.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Shared { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    private IReadOnlyList<string>? _servers;

    /// <summary>The servers of an L4/L5 unit: its own and those site-manager would take as its own.</summary>
    public IReadOnlyList<string> Servers => _servers ??= [.. Owned.Concat(Unclaimed).Order(StringComparer.Ordinal)];

    public static ServerRoles Of(string unit, IReadOnlyDictionary<ObjectKey, ObservedObject> objects, ClusterSnapshot snapshot)
    {
        var volumeNodes = objects.Values.Where(o => o.Kind == ObservedKind.PersistentVolume && o.ForNode is not null)
            .Select(o => o.ForNode!).ToHashSet(StringComparer.Ordinal);
        var owned = new List<string>();
        var unclaimed = new List<string>();
        var foreign = new List<string>();
        var shared = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var node in objects.Values.Where(o => o.Kind == ObservedKind.Node).OrderBy(o => o.Name, StringComparer.Ordinal))
        {
            if (volumeNodes.Contains(node.Name))
            {
                owned.Add(node.Name);
                if (snapshot.UnitsServedBy(node.Name, node.Units.Where(u => u != unit)) is { Count: > 0 } others)
                {
                    shared[node.Name] = others;
                }
            }
            else if (snapshot.UnitsServedBy(node.Name, node.Units.Where(u => u != unit)).Count == 0)
            {
                unclaimed.Add(node.Name);
            }
            else
            {
                foreign.Add(node.Name);
            }
        }
        return new ServerRoles(owned, unclaimed, foreign) { Shared = shared };
    }
}
