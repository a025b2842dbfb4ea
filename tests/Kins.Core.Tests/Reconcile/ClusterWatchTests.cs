using k8s;
using Kins.Core.Model;
using Kins.Core.Reconcile;
using Kins.Core.Tests.TestSupport;

namespace Kins.Core.Tests.Reconcile;

/// <summary>The shared watch on scripted sources and a manual clock: many waiters, their own deadlines, a lost server.</summary>
public sealed class ClusterWatchTests : IAsyncDisposable
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(10);
    private readonly FakeCluster _cluster = new();
    private readonly ClusterWatch _watch;

    public ClusterWatchTests()
    {
        for (var i = 0; i < 50; i++)
        {
            _cluster.Units.Items.Add(FakeCluster.Unit($"u{i:D2}", "L3", "5"));
        }
        _watch = new ClusterWatch(_cluster.Sources, null, _cluster.Options);
    }

    private Task<NodeUnit?> WaitForL4(string unit, TimeSpan timeout) =>
        _watch.WaitAsync(unit, u => u?.Spec.AutonomyLevel == "L4", timeout, CancellationToken.None);

    private static HttpRequestException Refused() => new HttpRequestException("Connection refused", new IOException("refused"));

    [Fact]
    public async Task Many_waiters_share_one_list_and_one_watch_per_kind_and_each_wakes_on_its_own_unit()
    {
        await _watch.StartAsync(CancellationToken.None);
        var waits = _cluster.Units.Items.ToDictionary(u => u.Name, u => WaitForL4(u.Name, Long));
        var units = await _cluster.Units.NextWatchAsync();

        units.Send(WatchEventType.Modified, FakeCluster.Unit("u07", "L4", "11"));
        var woken = await waits["u07"].WaitAsync(ManualClock.Guard);

        Assert.Equal("11", woken!.Metadata.ResourceVersion);
        Assert.All(waits.Where(w => w.Key != "u07"), w => Assert.False(w.Value.IsCompleted));
        foreach (var name in waits.Keys)
        {
            units.Send(WatchEventType.Modified, FakeCluster.Unit(name, "L4", "12"));
        }
        await Task.WhenAll(waits.Values).WaitAsync(ManualClock.Guard);
        Assert.Equal(0, _watch.WaitingUnits);
        Assert.Equal(1, _cluster.Units.ListCalls);
        Assert.Single(_cluster.Units.Watches);
        Assert.Equal(1, _cluster.Nodes.ListCalls);
        Assert.Single(_cluster.Nodes.Watches);
    }

    [Fact]
    public async Task Each_waiter_has_its_own_deadline()
    {
        await _watch.StartAsync(CancellationToken.None);
        var units = await _cluster.Units.NextWatchAsync();
        var soon = WaitForL4("u01", TimeSpan.FromSeconds(10));
        var later = WaitForL4("u02", TimeSpan.FromSeconds(20));

        _cluster.Clock.Advance(TimeSpan.FromSeconds(10));

        await Assert.ThrowsAsync<TimeoutException>(() => soon.WaitAsync(ManualClock.Guard));
        Assert.False(later.IsCompleted);
        units.Send(WatchEventType.Modified, FakeCluster.Unit("u02", "L4", "11"));
        Assert.NotNull(await later.WaitAsync(ManualClock.Guard));
    }

    [Fact]
    public async Task A_unit_already_there_completes_at_once()
    {
        _cluster.Units.Items.Add(FakeCluster.Unit("done", "L4", "6"));
        await _watch.StartAsync(CancellationToken.None);

        Assert.NotNull(await WaitForL4("done", Long).WaitAsync(ManualClock.Guard));
    }

    [Fact]
    public async Task A_lost_server_ends_every_wait_with_the_cause_long_before_its_timeout()
    {
        await _watch.StartAsync(CancellationToken.None);
        var first = await _cluster.Units.NextWatchAsync();
        var waits = new[] { WaitForL4("u01", Long), WaitForL4("u02", Long) };
        for (var i = 0; i < 100; i++)
        {
            _cluster.Units.OpenFailures.Enqueue(Refused());
        }

        first.Fail(Refused());
        await _cluster.Clock.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(30));
        _cluster.Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.All(waits, w => Assert.False(w.IsCompleted));
        _cluster.Clock.Advance(TimeSpan.FromSeconds(1));

        foreach (var wait in waits)
        {
            var lost = await Assert.ThrowsAsync<ClusterLostException>(() => wait.WaitAsync(ManualClock.Guard));
            Assert.Equal("nodeunits (fake)", lost.WatchedSource);
            Assert.Contains("Connection refused", lost.Message, StringComparison.Ordinal);
        }
        // While the server stays lost, a new wait ends at once too.
        await Assert.ThrowsAsync<ClusterLostException>(() => WaitForL4("u03", Long));
    }

    [Fact]
    public async Task A_short_outage_costs_time_not_the_waits()
    {
        await _watch.StartAsync(CancellationToken.None);
        var first = await _cluster.Units.NextWatchAsync();
        var waiting = WaitForL4("u01", Long);
        var recovered = _watch.WaitAsync("u02", u => u?.Metadata.ResourceVersion == "12", Long, CancellationToken.None);
        _cluster.Units.OpenFailures.Enqueue(Refused());

        first.Fail(Refused());
        await _cluster.Clock.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(30));
        // Advance only once the informer's backoff timer exists: advanced before, the timer would never fire.
        await _cluster.Clock.WaitForTimerAsync(d => d <= TimeSpan.FromSeconds(1));
        _cluster.Clock.Advance(TimeSpan.FromSeconds(1));
        await _cluster.Units.NextWatchAsync();
        await _cluster.Clock.WaitForTimerAsync(d => d <= TimeSpan.FromSeconds(4));
        _cluster.Clock.Advance(TimeSpan.FromSeconds(4));
        var again = await _cluster.Units.NextWatchAsync();
        again.Send(WatchEventType.Modified, FakeCluster.Unit("u02", "L3", "12"));
        await recovered.WaitAsync(ManualClock.Guard);

        _cluster.Clock.Advance(TimeSpan.FromSeconds(40));
        Assert.False(waiting.IsCompleted);
    }

    public async ValueTask DisposeAsync() => await _watch.DisposeAsync();
}
