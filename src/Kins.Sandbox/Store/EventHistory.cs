namespace Kins.Sandbox.Store;

/// <summary>
/// The recent committed changes, oldest first, in a ring of fixed capacity, so watches can resume from a
/// resourceVersion. Versions at or below <see cref="CompactedThrough"/> may be gone: resuming from them is 410 Gone.
/// Not thread-safe; the store calls it under its lock.
/// </summary>
internal sealed class EventHistory
{
    private readonly StoreEvent[] _ring;
    private int _start;
    private int _count;

    public EventHistory(int capacity) => _ring = new StoreEvent[Math.Max(16, capacity)];

    public long CompactedThrough { get; private set; }

    public void Append(StoreEvent e)
    {
        if (_count == _ring.Length)
        {
            CompactedThrough = _ring[_start].ResourceVersion;
            _ring[_start] = e;
            _start = (_start + 1) % _ring.Length;
            return;
        }
        _ring[(_start + _count) % _ring.Length] = e;
        _count++;
    }

    /// <summary>Forgets everything up to <paramref name="resourceVersion"/> (what etcd compaction does).</summary>
    public void CompactThrough(long resourceVersion)
    {
        while (_count > 0 && _ring[_start].ResourceVersion <= resourceVersion)
        {
            _ring[_start] = null!;
            _start = (_start + 1) % _ring.Length;
            _count--;
        }
        CompactedThrough = Math.Max(CompactedThrough, resourceVersion);
    }

    /// <summary>Events after <paramref name="resourceVersion"/> for one collection, oldest first.</summary>
    public List<StoreEvent> After(long resourceVersion, string storageKey)
    {
        var result = new List<StoreEvent>();
        var lo = 0;
        var hi = _count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (At(mid).ResourceVersion <= resourceVersion) { lo = mid + 1; } else { hi = mid; }
        }
        for (var i = lo; i < _count; i++)
        {
            var e = At(i);
            if (e.StorageKey == storageKey)
            {
                result.Add(e);
            }
        }
        return result;
    }

    private StoreEvent At(int index) => _ring[(_start + index) % _ring.Length];
}
