using System.Collections.Concurrent;
using Kins.Core.Connection;
using Kins.Core.Errors;
using Kins.Core.Model;
using Kins.Core.Observe;
using Kins.Core.Reconcile;
using Kins.Core.Sandbox;

namespace Kins.Sandbox.Tests;

/// <summary>Kins.Core's Reconcile against the sandbox's site-manager, as a C# caller uses it.</summary>
public sealed class ReconcilerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static async Task<(TestSandbox Sandbox, ConnectionCache Cache, KinsReconciler Reconciler)> StartAsync(SandboxOptions? options = null)
    {
        var sandbox = await TestSandbox.StartAsync(options);
        var cache = new ConnectionCache();
        return (sandbox, cache, new KinsReconciler(cache.Get(sandbox.Kubeconfig, null)));
    }

    [Fact]
    public async Task Promotes_many_units_concurrently_and_waits_until_each_is_Ready()
    {
        var (sandbox, cache, reconciler) = await StartAsync(new SandboxOptions { Sites = 30, ReadyDelay = TimeSpan.FromMilliseconds(100) });
        await using var _ = sandbox;
        using var __ = cache;
        await using var ___ = reconciler;
        var changed = new ConcurrentBag<string>();

        var units = Enumerable.Range(1, 30).Select(i => $"site-{i:d4}").ToList();
        var results = await Task.WhenAll(units.Select(u => reconciler.SetLevelAsync(u, AutonomyLevel.L4, wait: true, Patience, changed.Add, CancellationToken.None)));

        Assert.All(results, r => Assert.Equal(KinsState.Ready, r!.KinsState));
        Assert.Equal(units, changed.Order(StringComparer.Ordinal));
        Assert.All(results, r => Assert.Single(r!.ServerNodes));
    }

    [Fact]
    public async Task A_batch_costs_at_most_two_requests_per_unit_plus_a_constant_number_of_lists_and_watches()
    {
        var (sandbox, cache, reconciler) = await StartAsync(new SandboxOptions { Sites = 60, NodesPerSite = 1, ReadyDelay = TimeSpan.Zero });
        await using var _ = sandbox;
        using var __ = cache;
        await using var ___ = reconciler;
        var before = (await sandbox.SendAsync(HttpMethod.Get, "/sandbox/metrics")).Body!;

        var units = Enumerable.Range(1, 60).Select(i => $"site-{i:d4}");
        await Task.WhenAll(units.Select(u => reconciler.SetLevelAsync(u, AutonomyLevel.L4, wait: true, Patience, null, CancellationToken.None)));

        var after = (await sandbox.SendAsync(HttpMethod.Get, "/sandbox/metrics")).Body!;
        long Delta(string field) => (long)after[field]! - (long)before[field]!;
        var lists = Delta("lists");
        var watches = Delta("watches");
        var perUnit = (Delta("requests") - lists - watches) / 60.0;
        Assert.True(perUnit <= 2, $"{perUnit} requests per unit besides lists and watches");
        Assert.InRange(lists, 1, 12);
        Assert.InRange(watches, 1, 12);
    }

    [Fact]
    public async Task Finished_batches_leave_no_watch_open_on_the_server()
    {
        var (sandbox, cache, first) = await StartAsync();
        await using var _ = sandbox;
        using var __ = cache;
        await first.SetLevelAsync("test", AutonomyLevel.L4, wait: true, Patience, null, CancellationToken.None);
        await first.DisposeAsync();
        var connection = cache.Get(sandbox.Kubeconfig, null);
        for (var batch = 0; batch < 5; batch++)
        {
            // Already there: each wait ends at once, while the batch's watches are still being opened.
            await using var reconciler = new KinsReconciler(connection);
            await reconciler.SetLevelAsync("test", AutonomyLevel.L4, wait: true, Patience, null, CancellationToken.None);
        }

        await TestSandbox.EventuallyAsync(async () =>
            (long)(await sandbox.SendAsync(HttpMethod.Get, "/sandbox/metrics")).Body!["openWatches"]! == 0,
            "the server sees every watch of the batches closed", seconds: 10);
    }

    [Fact]
    public async Task A_unit_already_at_the_level_is_not_written()
    {
        var (sandbox, cache, reconciler) = await StartAsync();
        await using var _ = sandbox;
        using var __ = cache;
        await using var ___ = reconciler;
        await reconciler.SetLevelAsync("test", AutonomyLevel.L4, wait: true, Patience, null, CancellationToken.None);

        var changed = new List<string>();
        var again = await reconciler.SetLevelAsync("test", AutonomyLevel.L4, wait: true, Patience, changed.Add, CancellationToken.None);

        Assert.Empty(changed);
        Assert.Equal(KinsState.Ready, again!.KinsState);
    }

    [Fact]
    public async Task L5_with_two_ready_nodes_is_refused_before_anything_is_written()
    {
        var (sandbox, cache, reconciler) = await StartAsync();
        await using var _ = sandbox;
        using var __ = cache;
        await using var ___ = reconciler;
        await sandbox.SetNodeReadyAsync("edge3", ready: false);
        await TestSandbox.EventuallyAsync(async () =>
            (await reconciler.SetLevelAsync("test", AutonomyLevel.L3, false, Patience, null, CancellationToken.None))!.NotReadyNodes.Contains("edge3"),
            "site-manager reports edge3 not ready");

        var changed = new List<string>();
        var error = await Assert.ThrowsAsync<KinsException>(() =>
            reconciler.SetLevelAsync("test", AutonomyLevel.L5, wait: true, Patience, changed.Add, CancellationToken.None));

        Assert.Equal(KinsErrorIds.InsufficientReadyNodes, error.ErrorId);
        Assert.Contains("2 ready node", error.Message, StringComparison.Ordinal);
        Assert.Contains("edge3", error.Message, StringComparison.Ordinal);
        Assert.Empty(changed);
    }

    [Fact]
    public async Task Site_managers_failure_is_a_promotion_failure_with_its_own_message()
    {
        var (sandbox, cache, reconciler) = await StartAsync();
        await using var _ = sandbox;
        using var __ = cache;
        await using var ___ = reconciler;
        // Someone asked for L5 behind Kins' back while a node was down: site-manager reports phase Failed.
        await sandbox.SetNodeReadyAsync("edge3", ready: false);
        var (code, _) = await sandbox.SendAsync(HttpMethod.Patch, "/apis/site.superedge.io/v1alpha2/nodeunits/test",
            "{\"spec\":{\"autonomyLevel\":\"L5\"}}", "application/merge-patch+json");
        Assert.Equal(System.Net.HttpStatusCode.OK, code);

        var error = await Assert.ThrowsAsync<KinsException>(() =>
            reconciler.SetLevelAsync("test", AutonomyLevel.L5, wait: true, Patience, null, CancellationToken.None));

        Assert.Equal(KinsErrorIds.KinsPromotionFailed, error.ErrorId);
        Assert.Contains("Insufficient Ready Node", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Waiting_past_the_deadline_is_a_promotion_timeout_that_says_what_is_pending()
    {
        var (sandbox, cache, reconciler) = await StartAsync(new SandboxOptions { ReadyDelay = TimeSpan.FromMinutes(10) });
        await using var _ = sandbox;
        using var __ = cache;
        await using var ___ = reconciler;

        var error = await Assert.ThrowsAsync<KinsException>(() =>
            reconciler.SetLevelAsync("test", AutonomyLevel.L4, wait: true, TimeSpan.FromSeconds(1), null, CancellationToken.None));

        Assert.Equal(KinsErrorIds.KinsPromotionTimeout, error.ErrorId);
        Assert.Equal(KinsErrorCategory.OperationTimeout, error.Category);
        Assert.True(error.Message.Contains("Promoting", StringComparison.Ordinal), error.Message);
    }

    [Fact]
    public async Task Cancelling_a_wait_stops_promptly_after_the_change_was_made()
    {
        var (sandbox, cache, reconciler) = await StartAsync(new SandboxOptions { ReadyDelay = TimeSpan.FromMinutes(10) });
        await using var _ = sandbox;
        using var __ = cache;
        await using var ___ = reconciler;
        using var cancel = new CancellationTokenSource();
        var changed = new List<string>();

        // Pods take ten minutes to be Ready here: without prompt cancellation this would end in a timeout instead.
        // Cancelled once the change is made (not after a fixed time, which a loaded machine may reach before the patch).
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            reconciler.SetLevelAsync("test", AutonomyLevel.L4, wait: true, Patience, name =>
            {
                changed.Add(name);
                cancel.CancelAfter(TimeSpan.FromMilliseconds(50));
            }, cancel.Token));

        Assert.Equal(["test"], changed);
    }

    [Fact]
    public async Task Removing_an_L4_unit_is_refused_unless_forced_and_forced_removal_demotes_first()
    {
        var (sandbox, cache, reconciler) = await StartAsync();
        await using var _ = sandbox;
        using var __ = cache;
        await using var ___ = reconciler;
        await reconciler.SetLevelAsync("test", AutonomyLevel.L4, wait: true, Patience, null, CancellationToken.None);

        var refused = await Assert.ThrowsAsync<KinsException>(() => reconciler.RemoveAsync("test", force: false, wait: true, Patience, null, CancellationToken.None));
        Assert.Equal(KinsErrorIds.NodeUnitHasEdgeCluster, refused.ErrorId);
        var unit = await reconciler.SetLevelAsync("test", AutonomyLevel.L4, wait: false, Patience, null, CancellationToken.None);
        Assert.Null(unit!.DeletionTimestamp);

        var removed = await reconciler.RemoveAsync("test", force: true, wait: true, Patience, null, CancellationToken.None);
        Assert.Equal(AutonomyLevel.L4, removed.AutonomyLevel);
        var gone = await Assert.ThrowsAsync<KinsException>(() => reconciler.SetLevelAsync("test", AutonomyLevel.L3, false, Patience, null, CancellationToken.None));
        Assert.Equal(KinsErrorIds.NodeUnitNotFound, gone.ErrorId);
    }
}
