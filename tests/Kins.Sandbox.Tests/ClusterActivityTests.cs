using System.Text.Json.Nodes;
using Kins.Core.SuperEdge;
using Kins.Sandbox.Store;
using Kins.Sandbox.Store.Strategies;

namespace Kins.Sandbox.Tests;

/// <summary>What a real cluster shows around the kins workloads: controller and kubelet Events, node Leases, pod logs.</summary>
public sealed class ClusterActivityTests
{
    /// <summary>A clock the test moves; its timers never fire (the test renews by hand).</summary>
    private sealed class ManualTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => new IdleTimer();

        private sealed class IdleTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;
            public void Dispose() { }
            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task Kubectl_shows_the_events_leases_and_logs_of_a_promoted_unit()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await sandbox.Kubectl.OkAsync("patch", "nu", "test", "--type", "merge", "-p", """{"spec":{"autonomyLevel":"L4"}}""");
        string events = string.Empty;
        await TestSandbox.EventuallyAsync(async () =>
        {
            events = (await sandbox.Kubectl.OkAsync("get", "events", "-n", SuperEdgeNames.KinsNamespace)).Stdout;
            return events.Contains("Successfully assigned kins-system/test-server-kins-0 to ", StringComparison.Ordinal);
        }, "the scheduler's Scheduled event of the K3s server", seconds: 30);
        Assert.Contains("statefulset/test-server-kins", events, StringComparison.Ordinal);
        Assert.Contains("create Pod test-server-kins-0 in StatefulSet test-server-kins successful", events, StringComparison.Ordinal);
        Assert.Contains("Successfully assigned kins-system/test-server-kins-0 to ", events, StringComparison.Ordinal);

        var node = await sandbox.Kubectl.OkAsync("describe", "node", "edge1");
        Assert.DoesNotContain("Failed to get lease", node.Stdout, StringComparison.Ordinal);
        Assert.Contains("HolderIdentity:  edge1", node.Stdout, StringComparison.Ordinal);

        var wrong = await sandbox.Kubectl.RunAsync("logs", "-n", SuperEdgeNames.KinsNamespace, "test-server-kins-0", "-c", "nope");
        Assert.Contains("container nope is not valid for pod test-server-kins-0", wrong.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_paused_node_lease_stops_renewing_while_the_others_go_on()
    {
        var store = new ObjectStore(new StrategyTable().For);
        store.Create(new WriteContext(BuiltinResources.Namespaces), new JsonObject { ["metadata"] = new JsonObject { ["name"] = NodeLeases.Namespace } });
        foreach (var name in new[] { "edge1", "edge2" })
        {
            store.Create(new WriteContext(BuiltinResources.Nodes), new JsonObject { ["metadata"] = new JsonObject { ["name"] = name } });
        }
        var time = new ManualTime();
        await using var leases = new NodeLeases(store, time, TimeSpan.FromSeconds(10));
        leases.RenewAll();
        string RenewTime(string node) => (string)store.Get(BuiltinResources.Leases, NodeLeases.Namespace, node)!.Parse()["spec"]!["renewTime"]!;
        Assert.Equal("2026-01-01T00:00:00.000000Z", RenewTime("edge1"));

        leases.Pause("edge1");
        time.Now = time.Now.AddSeconds(10);
        leases.RenewAll();
        Assert.Equal("2026-01-01T00:00:00.000000Z", RenewTime("edge1"));
        Assert.Equal("2026-01-01T00:00:10.000000Z", RenewTime("edge2"));
        var lease = store.Get(BuiltinResources.Leases, NodeLeases.Namespace, "edge2")!.Parse();
        Assert.Equal("Node", (string?)lease["metadata"]!["ownerReferences"]![0]!["kind"]);
        Assert.Equal("kubelet", (string?)lease["metadata"]!["managedFields"]![0]!["manager"]);

        time.Now = time.Now.AddSeconds(10);
        leases.Resume("edge1");
        Assert.Equal("2026-01-01T00:00:20.000000Z", RenewTime("edge1"));
    }
}
