using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Kins.Sandbox.Faults;

/// <summary>
/// Writes to each NodeUnit as the server saw them: how many write requests arrived, how many it applied, how many
/// it acknowledged (a 2xx that reached the client), and how many arrived after one was acknowledged. A client that
/// trusts its acknowledged writes has zero of the last kind, whatever faults it met.
/// </summary>
internal sealed class UnitWriteLedger
{
    private readonly ConcurrentDictionary<string, Entry> _units = new(StringComparer.Ordinal);

    /// <summary>Called when a write request for <paramref name="unit"/> arrives, before anything is decided.</summary>
    public void Arrived(string unit)
    {
        var entry = _units.GetOrAdd(unit, _ => new Entry());
        lock (entry)
        {
            entry.Requests++;
            if (entry.Acknowledged > 0) { entry.AfterAcknowledged++; }
        }
    }

    /// <summary>Called when the write's outcome is known.</summary>
    public void Finished(string unit, bool applied, bool acknowledged)
    {
        var entry = _units.GetOrAdd(unit, _ => new Entry());
        lock (entry)
        {
            if (applied) { entry.Applied++; }
            if (acknowledged) { entry.Acknowledged++; }
        }
    }

    /// <summary>
    /// <c>{"units", "maxApplied", "afterAcknowledged", "byUnit": {"name": {"requests", "applied", "acknowledged", "afterAcknowledged"}}}</c>.
    /// </summary>
    public JsonObject ToJson()
    {
        var byUnit = new JsonObject();
        long maxApplied = 0, after = 0;
        foreach (var (name, entry) in _units.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            lock (entry)
            {
                byUnit[name] = new JsonObject
                {
                    ["requests"] = entry.Requests,
                    ["applied"] = entry.Applied,
                    ["acknowledged"] = entry.Acknowledged,
                    ["afterAcknowledged"] = entry.AfterAcknowledged,
                };
                maxApplied = Math.Max(maxApplied, entry.Applied);
                after += entry.AfterAcknowledged;
            }
        }
        return new JsonObject { ["units"] = byUnit.Count, ["maxApplied"] = maxApplied, ["afterAcknowledged"] = after, ["byUnit"] = byUnit };
    }

    private sealed class Entry
    {
        public long Requests;
        public long Applied;
        public long Acknowledged;
        public long AfterAcknowledged;
    }
}
