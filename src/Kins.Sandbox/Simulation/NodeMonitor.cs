using System.Globalization;
using System.Text.Json.Nodes;
using Kins.Core.SuperEdge;
using Kins.Sandbox.Control;
using Kins.Sandbox.Controllers;
using Kins.Sandbox.Store;

namespace Kins.Sandbox.Simulation;

/// <summary>
/// The kubelets' heartbeats and the node lifecycle controller, as far as a site's link matters: every node renews its
/// Lease <c>kube-node-lease/&lt;node&gt;</c> every 10 s unless a unit it belongs to is cut off; a node silent for the
/// grace period (node-monitor-grace-period, 40 s by default) gets every condition Unknown with reason
/// NodeStatusUnknown and the <c>node.kubernetes.io/unreachable</c> NoSchedule and NoExecute taints; heard again, it
/// is Ready and untainted again.
/// </summary>
internal sealed class NodeMonitor : IAsyncDisposable
{
    public const string LeaseNamespace = "kube-node-lease";
    public const string UnknownReason = "NodeStatusUnknown";
    public const string UnknownMessage = "Kubelet stopped posting node status.";
    public const string UnreachableTaint = "node.kubernetes.io/unreachable";
    private static readonly string[] UnreachableEffects = ["NoSchedule", "NoExecute"];
    private static readonly TimeSpan RenewInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(500);
    private readonly StoreClient _client;
    private readonly SiteLinks _sites;
    private readonly TimeSpan _grace;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Dictionary<string, DateTimeOffset> _renewed = new(StringComparer.Ordinal);

    public NodeMonitor(StoreClient client, SiteLinks sites, TimeSpan gracePeriod)
    {
        _client = client;
        _sites = sites;
        _grace = gracePeriod;
        _loop = Task.Run(LoopAsync);
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(Tick);
        try
        {
            do
            {
                try
                {
                    Pass(DateTimeOffset.UtcNow);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    await Console.Error.WriteLineAsync($"node monitor: {e.Message}");
                }
            }
            while (await timer.WaitForNextTickAsync(_stop.Token));
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private void Pass(DateTimeOffset now)
    {
        foreach (var node in _client.List(BuiltinResources.Nodes))
        {
            var units = node.Labels.Where(l => l.Value == SuperEdgeNames.MembershipLabelValue).Select(l => l.Key);
            if (_sites.CutSince(units) is { } cut)
            {
                if (now - cut >= _grace && !IsUnknown(node.Parse()))
                {
                    MarkUnknown(node.Name, now);
                }
                continue;
            }
            if (!_renewed.TryGetValue(node.Name, out var last) || now - last >= RenewInterval)
            {
                RenewLease(node, now);
                _renewed[node.Name] = now;
            }
            if (IsUnknown(node.Parse()))
            {
                Recover(node.Name, now);
            }
        }
    }

    private void RenewLease(StoredObject node, DateTimeOffset now)
    {
        var renewTime = MicroTime(now);
        if (_client.Get(BuiltinResources.Leases, LeaseNamespace, node.Name) is null)
        {
            var uid = (string?)node.Parse()["metadata"]?["uid"];
            _client.TryCreate(BuiltinResources.Leases, new JsonObject
            {
                ["apiVersion"] = "coordination.k8s.io/v1", ["kind"] = "Lease",
                ["metadata"] = new JsonObject
                {
                    ["name"] = node.Name, ["namespace"] = LeaseNamespace,
                    ["ownerReferences"] = new JsonArray(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Node", ["name"] = node.Name, ["uid"] = uid }),
                },
                ["spec"] = new JsonObject { ["holderIdentity"] = node.Name, ["leaseDurationSeconds"] = 40, ["renewTime"] = renewTime },
            });
            return;
        }
        _client.Mutate(BuiltinResources.Leases, LeaseNamespace, node.Name, lease =>
        {
            var spec = lease["spec"] as JsonObject ?? new JsonObject();
            lease["spec"] = spec;
            spec["renewTime"] = renewTime;
            return true;
        });
    }

    private static bool IsUnknown(JsonObject node) =>
        (node["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>()
            .Any(c => (string?)c["type"] == "Ready" && (string?)c["status"] == "Unknown");

    /// <summary>What the node lifecycle controller writes for a node it stopped hearing from.</summary>
    private void MarkUnknown(string name, DateTimeOffset now)
    {
        var stamp = Timestamps.Format(now);
        _client.Mutate(BuiltinResources.Nodes, null, name, node =>
        {
            foreach (var condition in (node["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>())
            {
                condition["status"] = "Unknown";
                condition["reason"] = UnknownReason;
                condition["message"] = UnknownMessage;
                condition["lastTransitionTime"] = stamp;
            }
            return true;
        }, subresource: "status");
        _client.Mutate(BuiltinResources.Nodes, null, name, node =>
        {
            var spec = node["spec"] as JsonObject ?? new JsonObject();
            node["spec"] = spec;
            var taints = spec["taints"] as JsonArray ?? new JsonArray();
            spec["taints"] = taints;
            var changed = false;
            foreach (var effect in UnreachableEffects)
            {
                if (!taints.OfType<JsonObject>().Any(t => (string?)t["key"] == UnreachableTaint && (string?)t["effect"] == effect))
                {
                    var taint = new JsonObject { ["key"] = UnreachableTaint, ["effect"] = effect };
                    if (effect == "NoExecute") { taint["timeAdded"] = stamp; }
                    taints.Add(taint);
                    changed = true;
                }
            }
            return changed;
        });
    }

    /// <summary>The kubelet posts its status again: Ready, and the lifecycle controller lifts the unreachable taints.</summary>
    private void Recover(string name, DateTimeOffset now)
    {
        var stamp = Timestamps.Format(now);
        _client.Mutate(BuiltinResources.Nodes, null, name, node =>
        {
            var status = node["status"] as JsonObject ?? new JsonObject();
            node["status"] = status;
            status["conditions"] = NodeReadiness.Conditions(ready: true, stamp);
            return true;
        }, subresource: "status");
        _client.Mutate(BuiltinResources.Nodes, null, name, node =>
        {
            if (node["spec"]?["taints"] is not JsonArray taints) { return false; }
            var gone = taints.OfType<JsonObject>().Where(t => (string?)t["key"] == UnreachableTaint).ToList();
            foreach (var taint in gone) { taints.Remove(taint); }
            if (taints.Count == 0) { ((JsonObject)node["spec"]!).Remove("taints"); }
            return gone.Count > 0;
        });
    }

    private static string MicroTime(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
