using System.Collections.Concurrent;

namespace Kins.Sandbox.Control;

/// <summary>
/// Per-site cuts of the link between the cloud and the edge: a cut unit's nodes stop renewing their Leases (the
/// node monitor pauses them in <see cref="Store.NodeLeases"/> and marks the nodes Unknown after the grace period), tunnel-cloud has no tunnel to it, and its edge cluster goes on serving
/// from inside the site. The whole-cloud cut is <see cref="CloudLink"/>'s.
/// </summary>
internal sealed class SiteLinks
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _cutSince = new(StringComparer.Ordinal);

    /// <summary>Raised with the unit's name after its link was cut or restored.</summary>
    public event Action<string>? Changed;

    public bool IsCut(string unit) => _cutSince.ContainsKey(unit);

    public IReadOnlyCollection<string> CutUnits => [.. _cutSince.Keys.Order(StringComparer.Ordinal)];

    public void SetOnline(string unit, bool online, DateTimeOffset now)
    {
        var changed = online ? _cutSince.TryRemove(unit, out _) : _cutSince.TryAdd(unit, now);
        if (changed)
        {
            Changed?.Invoke(unit);
        }
    }
}
