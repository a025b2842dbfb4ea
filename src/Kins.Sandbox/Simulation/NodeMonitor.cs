using System.Globalization;
using System.Text.Json.Nodes;
using Kins.Core.SuperEdge;
using Kins.Sandbox.Control;
using Kins.Sandbox.Controllers;
using Kins.Sandbox.Store;

namespace Kins.Sandbox.Simulation;

/// <summary>
/// The node lifecycle controller, as far as a site's link matters. A cut site's kubelets cannot reach the cloud, so
/// the nodes of a cut unit have their <see cref="NodeLeases"/> paused (and resumed when the link is back; nodes paused
/// by someone else are left alone). A node whose Lease was not renewed for the grace period (node-monitor-grace-period,
/// 40 s by default) gets every condition Unknown with reason NodeStatusUnknown and the
/// <c>node.kubernetes.io/unreachable</c> NoSchedule and NoExecute taints; renewed again, it is Ready and untainted again.
/// Only paused nodes are judged silent: in the sandbox nothing else stops a kubelet. The taints follow the node's state
/// as the controller's tainting passes keep them: Ready Unknown, unreachable; Ready False (a kubelet that reports
/// NotReady), <c>node.kubernetes.io/not-ready</c> NoSchedule and NoExecute; cordoned (<c>spec.unschedulable</c>),
/// <c>node.kubernetes.io/unschedulable</c> NoSchedule; each lifted when its cause is gone. Every taint it adds carries
/// <c>timeAdded</c>, as SwapNodeControllerTaint stamps them. Taint-based eviction is not modelled (see the design notes).
/// Pods deleted while their node was cut stay Terminating until its kubelet is back (<see cref="ObjectStore.TerminationHeld"/>).
/// </summary>
internal sealed class NodeMonitor : IAsyncDisposable
{
    public const string UnknownReason = "NodeStatusUnknown";
    public const string UnknownMessage = "Kubelet stopped posting node status.";
    public const string UnreachableTaint = "node.kubernetes.io/unreachable";
    public const string NotReadyTaint = "node.kubernetes.io/not-ready";
    public const string UnschedulableTaint = SuperEdgeNames.UnschedulableTaintKey;
    private static readonly string[] ControllerTaintKeys = [UnreachableTaint, NotReadyTaint, UnschedulableTaint];
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(500);
    private readonly StoreClient _client;
    private readonly NodeLeases _leases;
    private readonly SiteLinks _sites;
    private readonly TimeSpan _grace;
    private readonly TimeProvider _time;
    private readonly object _passGate = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    // The nodes a site cut silenced, with the unit whose link was cut: the site stays cut off though the unit be
    // deleted meanwhile (and with it the node's membership label), until that unit's link is restored.
    private readonly Dictionary<string, string> _pausedForCut = new(StringComparer.Ordinal);
    // What each pass needs of a node, by the node version it was read from: a pass parses only nodes that changed
    // (thousands of nodes every half second otherwise).
    private readonly Dictionary<string, NodeFacts> _facts = new(StringComparer.Ordinal);

    private readonly record struct NodeFacts(long Version, bool Unknown, bool TaintsMatch);

    /// <summary>A controller whose passes are run by the caller (<see cref="Pass"/>); <see cref="Start"/> runs them on its own.</summary>
    public NodeMonitor(StoreClient client, NodeLeases leases, SiteLinks sites, TimeSpan gracePeriod, TimeProvider? time = null)
    {
        _client = client;
        _leases = leases;
        _sites = sites;
        _grace = gracePeriod;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>A controller that runs a pass every half second until disposed.</summary>
    public static NodeMonitor Start(StoreClient client, NodeLeases leases, SiteLinks sites, TimeSpan gracePeriod)
    {
        var monitor = new NodeMonitor(client, leases, sites, gracePeriod);
        monitor._loop = Task.Run(monitor.LoopAsync);
        return monitor;
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(Tick, _time);
        try
        {
            do
            {
                try
                {
                    Pass(_time.GetUtcNow());
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

    /// <summary>One round of the controller at <paramref name="now"/> (the loop runs one every half second; rounds never overlap).</summary>
    internal void Pass(DateTimeOffset now)
    {
        lock (_passGate)
        {
            PassLocked(now);
        }
    }

    private void PassLocked(DateTimeOffset now)
    {
        var nodes = _client.List(BuiltinResources.Nodes);
        foreach (var node in nodes)
        {
            var units = node.Labels.Where(l => l.Value == SuperEdgeNames.MembershipLabelValue).Select(l => l.Key);
            FollowSiteLink(node.Name, units);
            var facts = FactsOf(node);
            var unknown = facts.Unknown;
            var renewed = unknown || _leases.IsPaused(node.Name) ? LastRenewal(node.Name) : null;
            // Only a node whose kubelet was cut off goes silent here: a late lease of a node still renewed means the
            // sandbox's own renewer fell behind on a busy machine, which a real kubelet's heartbeat would not.
            if (renewed is { } silentSince && now - silentSince >= _grace && !unknown && _leases.IsPaused(node.Name))
            {
                MarkUnknown(node.Name, now);
            }
            else if (renewed is { } heardAt && now - heardAt < _grace && unknown)
            {
                Recover(node.Name, now);
            }
            else if (!facts.TaintsMatch)
            {
                FollowNodeState(node.Name, now);
            }
        }
        if (_facts.Count > nodes.Count)
        {
            var names = nodes.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var gone in _facts.Keys.Where(n => !names.Contains(n)).ToList()) { _facts.Remove(gone); }
        }
    }

    // A cut site's kubelet cannot renew its lease; restored, it renews at once.
    private void FollowSiteLink(string node, IEnumerable<string> units)
    {
        if (_pausedForCut.TryGetValue(node, out var cutUnit))
        {
            if (!_sites.IsCut(cutUnit))
            {
                _pausedForCut.Remove(node);
                _leases.Resume(node);
                FinishTerminations(node);
            }
        }
        else if (units.FirstOrDefault(_sites.IsCut) is { } unit && !_leases.IsPaused(node))
        {
            _leases.Pause(node);
            _pausedForCut[node] = unit;
        }
    }

    /// <summary>
    /// Back in touch, the kubelet stops the pods deleted while it was cut off (a K3s server's preStop wipes its data
    /// then) and confirms their end: until now they stayed Terminating in the cloud.
    /// </summary>
    private void FinishTerminations(string node)
    {
        foreach (var pod in _client.List(BuiltinResources.Pods).Where(p => p.IsDeleting && (string?)p.Parse()["spec"]?["nodeName"] == node))
        {
            _client.DeleteIfExists(BuiltinResources.Pods, pod.Namespace, pod.Name);
        }
    }

    private DateTimeOffset? LastRenewal(string node) =>
        _client.Get(BuiltinResources.Leases, NodeLeases.Namespace, node)?.Parse()["spec"]?["renewTime"] is JsonValue value
            && value.TryGetValue<string>(out var text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
                ? time
                : null;

    private NodeFacts FactsOf(StoredObject node)
    {
        if (_facts.TryGetValue(node.Name, out var known) && known.Version == node.ResourceVersion)
        {
            return known;
        }
        var parsed = node.Parse();
        var unknown = ReadyStatus(parsed) == "Unknown";
        var present = (parsed["spec"]?["taints"] as JsonArray ?? []).OfType<JsonObject>().Where(IsControllerTaint).Select(TaintOf).ToHashSet();
        return _facts[node.Name] = new NodeFacts(node.ResourceVersion, unknown, present.SetEquals(WantedTaints(parsed)));
    }

    private static string? ReadyStatus(JsonObject node) =>
        (string?)(node["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == "Ready")?["status"];

    /// <summary>The taints the controller keeps on a node in this state, in the order it adds them.</summary>
    private static List<(string Key, string Effect)> WantedTaints(JsonObject node)
    {
        var wanted = new List<(string, string)>();
        var status = ReadyStatus(node);
        if (status is "Unknown" or "False")
        {
            var key = status == "Unknown" ? UnreachableTaint : NotReadyTaint;
            wanted.Add((key, "NoSchedule"));
            wanted.Add((key, "NoExecute"));
        }
        if ((bool?)node["spec"]?["unschedulable"] == true)
        {
            wanted.Add((UnschedulableTaint, "NoSchedule"));
        }
        return wanted;
    }

    private static bool IsControllerTaint(JsonObject taint) => ControllerTaintKeys.Contains((string?)taint["key"]);

    private static (string Key, string Effect) TaintOf(JsonObject taint) => ((string?)taint["key"] ?? string.Empty, (string?)taint["effect"] ?? string.Empty);

    /// <summary>Adds the controller taints the node's state calls for and lifts those it no longer does; other taints are left alone.</summary>
    private void FollowNodeState(string name, DateTimeOffset now) =>
        EditTaints(name, (node, taints) =>
        {
            var wanted = WantedTaints(node);
            var lifted = RemoveWhere(taints, t => t is JsonObject taint && IsControllerTaint(taint) && !wanted.Contains(TaintOf(taint)));
            var added = false;
            foreach (var (key, effect) in wanted)
            {
                added |= AddMissing(taints, key, effect, now);
            }
            return lifted || added;
        });

    /// <summary>Edits a node's taint list in place (created if absent, removed once empty); written only if <paramref name="edit"/> changed it.</summary>
    private void EditTaints(string name, Func<JsonObject, JsonArray, bool> edit) =>
        _client.Mutate(BuiltinResources.Nodes, null, name, node =>
        {
            var spec = node["spec"] as JsonObject ?? new JsonObject();
            node["spec"] = spec;
            if (spec["taints"] is not JsonArray taints)
            {
                spec["taints"] = taints = new JsonArray();
            }
            var changed = edit(node, taints);
            if (taints.Count == 0)
            {
                spec.Remove("taints");
            }
            return changed;
        });

    /// <summary>Removes the matching taints; true when there were any.</summary>
    private static bool RemoveWhere(JsonArray taints, Func<JsonNode?, bool> match)
    {
        var gone = taints.Where(match).ToList();
        foreach (var taint in gone) { taints.Remove(taint); }
        return gone.Count > 0;
    }

    /// <summary>Adds the controller's taint, stamped with the time it was added, unless the node has it.</summary>
    private static bool AddMissing(JsonArray taints, string key, string effect, DateTimeOffset now)
    {
        if (taints.OfType<JsonObject>().Any(t => (string?)t["key"] == key && (string?)t["effect"] == effect))
        {
            return false;
        }
        taints.Add(new JsonObject { ["key"] = key, ["effect"] = effect, ["timeAdded"] = Timestamps.Format(now) });
        return true;
    }

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
        FollowNodeState(name, now);
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
        FollowNodeState(name, now);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
