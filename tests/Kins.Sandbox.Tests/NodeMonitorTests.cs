using System.Text.Json.Nodes;
using Kins.Core.Tests.TestSupport;
using Kins.Sandbox.Control;
using Kins.Sandbox.Controllers;
using Kins.Sandbox.Simulation;
using Kins.Sandbox.Store;
using Kins.Sandbox.Store.Strategies;

namespace Kins.Sandbox.Tests;

/// <summary>
/// The sandbox's node lifecycle controller on a manual clock: a cut site's node goes Unknown only once its Lease is
/// older than the grace period, with the conditions and taints a real controller writes, and recovers when the link
/// is back; a cordon taints the node. Each pass is run by the test at the clock's time.
/// </summary>
public sealed class NodeMonitorTests : IAsyncDisposable
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(40);
    private readonly ManualClock _clock = new();
    private readonly ObjectStore _store = new(new StrategyTable().For);
    private readonly SiteLinks _sites = new();
    private readonly NodeLeases _leases;
    private readonly NodeMonitor _monitor;

    public NodeMonitorTests()
    {
        var client = new StoreClient(_store, new ResourceRegistry());
        _store.Create(new WriteContext(BuiltinResources.Namespaces), new JsonObject { ["metadata"] = new JsonObject { ["name"] = NodeLeases.Namespace } });
        foreach (var name in new[] { "shop-1", "depot-1" })
        {
            var unit = name.Split('-')[0];
            _store.Create(new WriteContext(BuiltinResources.Nodes), new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { [unit] = "nodeunits.superedge.io" } },
                ["spec"] = new JsonObject(),
                ["status"] = new JsonObject { ["conditions"] = NodeReadiness.Conditions(ready: true, Timestamps.Format(_clock.GetUtcNow())) },
            });
        }
        _leases = new NodeLeases(_store, _clock, TimeSpan.FromSeconds(10));
        _leases.RenewAll();
        _monitor = new NodeMonitor(client, _leases, _sites, Grace, _clock);
    }

    private JsonObject Node(string name) => _store.Get(BuiltinResources.Nodes, null, name)!.Parse();

    private static string? Ready(JsonObject node) =>
        (string?)(node["status"]!["conditions"] as JsonArray)!.OfType<JsonObject>().Single(c => (string?)c["type"] == "Ready")["status"];

    private static List<JsonObject> Taints(JsonObject node) => (node["spec"]?["taints"] as JsonArray ?? []).OfType<JsonObject>().ToList();

    /// <summary>Moves the clock (the leases renew on their own timers) and runs one pass of the controller.</summary>
    private void After(TimeSpan time)
    {
        _clock.Advance(time);
        _monitor.Pass(_clock.GetUtcNow());
    }

    [Fact]
    public void A_cut_site_goes_Unknown_only_after_the_grace_period_and_recovers_when_the_link_is_back()
    {
        _sites.SetOnline("shop", online: false, _clock.GetUtcNow());
        After(TimeSpan.Zero);
        Assert.True(_leases.IsPaused("shop-1"));
        Assert.False(_leases.IsPaused("depot-1"));

        After(Grace - TimeSpan.FromSeconds(1));
        Assert.Equal("True", Ready(Node("shop-1")));

        After(TimeSpan.FromSeconds(1));
        var cut = Node("shop-1");
        var ready = (cut["status"]!["conditions"] as JsonArray)!.OfType<JsonObject>().Single(c => (string?)c["type"] == "Ready");
        Assert.Equal(("Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status."), ((string?)ready["status"], (string?)ready["reason"], (string?)ready["message"]));
        var stamp = Timestamps.Format(_clock.GetUtcNow());
        Assert.Equal(
            [("node.kubernetes.io/unreachable", "NoSchedule", stamp), ("node.kubernetes.io/unreachable", "NoExecute", stamp)],
            Taints(cut).Select(t => ((string?)t["key"], (string?)t["effect"], (string?)t["timeAdded"])).ToList());
        Assert.Equal("True", Ready(Node("depot-1")));

        _sites.SetOnline("shop", online: true, _clock.GetUtcNow());
        After(TimeSpan.Zero);
        After(TimeSpan.Zero);
        Assert.False(_leases.IsPaused("shop-1"));
        Assert.Equal("True", Ready(Node("shop-1")));
        Assert.Empty(Taints(Node("shop-1")));
    }

    [Fact]
    public void A_cordoned_node_is_tainted_unschedulable_and_untainted_when_uncordoned()
    {
        void Cordon(bool on)
        {
            var node = Node("depot-1");
            node["spec"]!["unschedulable"] = on;
            _store.Update(new WriteContext(BuiltinResources.Nodes), node);
        }

        Cordon(true);
        After(TimeSpan.FromSeconds(1));
        var taint = Assert.Single(Taints(Node("depot-1")));
        Assert.Equal(("node.kubernetes.io/unschedulable", "NoSchedule", Timestamps.Format(_clock.GetUtcNow())),
            ((string?)taint["key"], (string?)taint["effect"], (string?)taint["timeAdded"]));

        After(TimeSpan.FromSeconds(1));
        Assert.Single(Taints(Node("depot-1")));

        Cordon(false);
        After(TimeSpan.FromSeconds(1));
        Assert.Empty(Taints(Node("depot-1")));
        Assert.Empty(Taints(Node("shop-1")));
    }

    [Fact]
    public void A_node_whose_kubelet_reports_NotReady_is_tainted_not_ready_until_it_is_Ready_again()
    {
        NodeReadiness.Set(_store, "depot-1", ready: false);
        After(TimeSpan.FromSeconds(1));
        var stamp = Timestamps.Format(_clock.GetUtcNow());
        Assert.Equal(
            [("node.kubernetes.io/not-ready", "NoSchedule", stamp), ("node.kubernetes.io/not-ready", "NoExecute", stamp)],
            Taints(Node("depot-1")).Select(t => ((string?)t["key"], (string?)t["effect"], (string?)t["timeAdded"])).ToList());

        NodeReadiness.Set(_store, "depot-1", ready: true);
        After(TimeSpan.FromSeconds(1));
        Assert.Empty(Taints(Node("depot-1")));
    }

    [Fact]
    public void Taints_someone_else_set_are_left_alone()
    {
        var node = Node("depot-1");
        node["spec"]!["taints"] = new JsonArray(new JsonObject { ["key"] = "dedicated", ["value"] = "pos", ["effect"] = "NoSchedule" });
        node["spec"]!["unschedulable"] = true;
        _store.Update(new WriteContext(BuiltinResources.Nodes), node);
        After(TimeSpan.FromSeconds(1));
        Assert.Equal(["dedicated", "node.kubernetes.io/unschedulable"], Taints(Node("depot-1")).Select(t => (string?)t["key"]).ToList());

        node = Node("depot-1");
        node["spec"]!["unschedulable"] = false;
        _store.Update(new WriteContext(BuiltinResources.Nodes), node);
        After(TimeSpan.FromSeconds(1));
        Assert.Equal(["dedicated"], Taints(Node("depot-1")).Select(t => (string?)t["key"]).ToList());
    }

    public async ValueTask DisposeAsync()
    {
        await _monitor.DisposeAsync();
        await _leases.DisposeAsync();
    }
}
