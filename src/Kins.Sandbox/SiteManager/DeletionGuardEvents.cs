using System.Globalization;
using System.Text.Json.Nodes;
using Kins.Core.SuperEdge;
using Kins.Sandbox.Controllers;
using Kins.Sandbox.Store;

namespace Kins.Sandbox.SiteManager;

/// <summary>
/// The Warning event of the deletion guard (node_unit.go:394-400), recorded as client-go's event recorder does: in
/// namespace <c>default</c> for the cluster-scoped NodeUnit, source component <c>nodeunit-controller</c>; a repeat of the
/// same event (each pass while blocked, so at least every resync) is folded into the first one with a growing
/// count and a new lastTimestamp; the recorder's spam filter lets 25 through per object, then one per 5 minutes.
/// </summary>
internal sealed class DeletionGuardEvents
{
    private const int SpamBurst = 25;
    private static readonly TimeSpan SpamRefill = TimeSpan.FromMinutes(5);
    private readonly object _gate = new();
    private readonly Dictionary<string, (string EventName, int Count)> _recorded = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (double Tokens, DateTimeOffset At)> _buckets = new(StringComparer.Ordinal);
    private readonly StoreClient _client;
    private readonly TimeProvider _time;

    public DeletionGuardEvents(StoreClient client, TimeProvider time)
    {
        _client = client;
        _time = time;
    }

    public void Record(Unit unit)
    {
        var reason = SuperEdgeNames.DeletionBlockedEventReason(unit.Level);
        var key = unit.Uid + "\n" + reason;
        var now = _time.GetUtcNow();
        string eventName;
        int count;
        lock (_gate)
        {
            if (!TakeToken(unit.Uid ?? string.Empty, now))
            {
                return;
            }
            (eventName, count) = _recorded.TryGetValue(key, out var seen) ? (seen.EventName, seen.Count + 1) : (NewEventName(unit.Name, now), 1);
            _recorded[key] = (eventName, count);
        }
        if (count > 1)
        {
            var stamp = Timestamps.Format(now);
            if (_client.Mutate(BuiltinResources.Events, SuperEdgeNames.ClusterEventNamespace, eventName, e =>
                {
                    e["count"] = count;
                    e["lastTimestamp"] = stamp;
                    return true;
                }) is not null)
            {
                return;
            }
            // The event is gone (events expire): record it afresh, as the recorder does when its patch fails.
            eventName = NewEventName(unit.Name, now);
            lock (_gate) { _recorded[key] = (eventName, 1); }
        }
        Create(unit, eventName, reason, now);
    }

    /// <summary>client-go's event name: the object's name, a dot, and the time in Unix nanoseconds in hex.</summary>
    private static string NewEventName(string unit, DateTimeOffset now) =>
        unit + "." + ((now - DateTimeOffset.UnixEpoch).Ticks * 100).ToString("x", CultureInfo.InvariantCulture);

    private void Create(Unit unit, string eventName, string reason, DateTimeOffset now)
    {
        var stamp = Timestamps.Format(now);
        _client.TryCreate(BuiltinResources.Events, new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Event",
            ["metadata"] = new JsonObject { ["name"] = eventName, ["namespace"] = SuperEdgeNames.ClusterEventNamespace },
            ["involvedObject"] = new JsonObject
            {
                ["apiVersion"] = SuperEdgeNames.ApiVersion, ["kind"] = SuperEdgeNames.Kind, ["name"] = unit.Name, ["uid"] = unit.Uid,
                ["resourceVersion"] = (string?)unit.Object["metadata"]?["resourceVersion"],
            },
            ["reason"] = reason,
            ["message"] = SuperEdgeNames.DeletionBlockedEventMessage,
            ["type"] = "Warning",
            ["source"] = new JsonObject { ["component"] = SuperEdgeNames.SiteManagerComponent },
            ["firstTimestamp"] = stamp,
            ["lastTimestamp"] = stamp,
            ["count"] = 1,
            ["reportingComponent"] = string.Empty,
            ["reportingInstance"] = string.Empty,
        });
    }

    /// <summary>client-go's EventSourceObjectSpamFilter: a token bucket per source and object (burst 25, one token per 5 minutes).</summary>
    private bool TakeToken(string uid, DateTimeOffset now)
    {
        var (tokens, at) = _buckets.TryGetValue(uid, out var bucket) ? bucket : (SpamBurst, now);
        tokens = Math.Min(SpamBurst, tokens + ((now - at) / SpamRefill));
        if (tokens < 1)
        {
            _buckets[uid] = (tokens, now);
            return false;
        }
        _buckets[uid] = (tokens - 1, now);
        return true;
    }

    /// <summary>Forgets a unit that is gone (the recorder's caches are bounded; this keeps the sandbox's small).</summary>
    public void Forget(string? uid)
    {
        lock (_gate)
        {
            _buckets.Remove(uid ?? string.Empty);
            foreach (var key in _recorded.Keys.Where(k => k.StartsWith(uid + "\n", StringComparison.Ordinal)).ToList()) { _recorded.Remove(key); }
        }
    }
}
