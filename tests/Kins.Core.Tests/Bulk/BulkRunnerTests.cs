using System.Collections.Concurrent;
using Kins.Core.Bulk;
using Kins.Core.Errors;

namespace Kins.Core.Tests.Bulk;

public class BulkRunnerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static BulkUnit Unit(string name) => new(name, "ctx", "https://127.0.0.1:6443");

    private static async Task<List<BulkOutcome<string>>> ReadAllAsync(BulkRunner<string> runner)
    {
        var outcomes = new List<BulkOutcome<string>>();
        await foreach (var outcome in runner.Outcomes.ReadAllAsync().WithCancellation(new CancellationTokenSource(Patience).Token))
        {
            outcomes.Add(outcome);
        }
        return outcomes;
    }

    [Fact]
    public async Task Throttle_bounds_the_requests_but_every_written_unit_waits_at_once()
    {
        const int units = 40;
        const int limit = 4;
        using var runner = new BulkRunner<string>(new BulkOptions { ThrottleLimit = limit }, CancellationToken.None);
        var throttle = runner.ThrottleFor("ctx", "https://127.0.0.1:6443");
        var clusterReady = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var allWaiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inRequest = 0;
        var mostInRequest = 0;
        var waiting = 0;
        for (var i = 0; i < units; i++)
        {
            var name = $"site-{i:D4}";
            runner.Add(Unit(name), async ct =>
            {
                using (await throttle.EnterAsync(name, ct))
                {
                    var now = Interlocked.Increment(ref inRequest);
                    InterlockedMax(ref mostInRequest, now);
                    await Task.Yield();
                    Interlocked.Decrement(ref inRequest);
                    runner.MarkChanged(Unit(name));
                }
                if (Interlocked.Increment(ref waiting) == units)
                {
                    allWaiting.SetResult();
                }
                await clusterReady.Task.WaitAsync(ct);
                return name;
            });
        }
        runner.CompleteAdding();

        await allWaiting.Task.WaitAsync(Patience);
        var progress = runner.Progress;
        Assert.Equal(units, progress.Waiting);
        Assert.True(progress.Waiting > limit);
        Assert.InRange(mostInRequest, 1, limit);
        Assert.InRange(progress.PeakApiInFlight, 1, limit);
        Assert.Equal(units, runner.Changed().Count);

        clusterReady.SetResult();
        var outcomes = await ReadAllAsync(runner);
        Assert.Equal(units, outcomes.Count(o => o.Succeeded));
        Assert.Equal(units, runner.Progress.PeakWaiting);
    }

    [Fact]
    public async Task Outcomes_stream_in_the_order_units_finish_not_the_order_they_came()
    {
        using var runner = new BulkRunner<string>(new BulkOptions(), CancellationToken.None);
        var first = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var second = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        runner.Add(Unit("a"), _ => first.Task);
        runner.Add(Unit("b"), _ => second.Task);
        runner.CompleteAdding();

        second.SetResult("b");
        var b = await runner.Outcomes.ReadAsync().AsTask().WaitAsync(Patience);
        first.SetResult("a");
        var a = await runner.Outcomes.ReadAsync().AsTask().WaitAsync(Patience);

        Assert.Equal(["b", "a"], new[] { b.Result!, a.Result! });
        Assert.False(await runner.Outcomes.WaitToReadAsync().AsTask().WaitAsync(Patience));
    }

    [Fact]
    public async Task A_failure_is_handed_back_as_thrown_and_the_other_units_go_on()
    {
        using var runner = new BulkRunner<string>(new BulkOptions(), CancellationToken.None);
        runner.Add(Unit("bad"), _ => ThrowsDeepInsideTheWork());
        runner.Add(Unit("good"), _ => Task.FromResult("good"));
        runner.CompleteAdding();

        var outcomes = await ReadAllAsync(runner);

        var failed = Assert.Single(outcomes, o => !o.Succeeded);
        Assert.Equal("bad", failed.Unit.Name);
        var error = Assert.IsType<InvalidOperationException>(failed.Error);
        Assert.Contains(nameof(ThrowsDeepInsideTheWork), error.StackTrace, StringComparison.Ordinal);
        Assert.False(failed.Cancelled);
        Assert.Equal("good", Assert.Single(outcomes, o => o.Succeeded).Result);
        Assert.Equal(1, runner.Progress.Failed);
    }

    [Fact]
    public async Task MaxConcurrentChanges_bounds_the_units_started_and_not_finished()
    {
        const int max = 3;
        using var runner = new BulkRunner<string>(new BulkOptions { MaxConcurrentChanges = max }, CancellationToken.None);
        var running = 0;
        var mostRunning = 0;
        for (var i = 0; i < 12; i++)
        {
            var name = $"u{i}";
            runner.Add(Unit(name), async _ =>
            {
                InterlockedMax(ref mostRunning, Interlocked.Increment(ref running));
                await Task.Yield();
                Interlocked.Decrement(ref running);
                return name;
            });
        }
        runner.CompleteAdding();

        var outcomes = await ReadAllAsync(runner);

        Assert.Equal(12, outcomes.Count(o => o.Succeeded));
        Assert.InRange(mostRunning, 1, max);
    }

    [Fact]
    public async Task A_spent_failure_budget_skips_every_unit_not_started_naming_each_and_the_failures()
    {
        using var runner = new BulkRunner<string>(new BulkOptions { MaxConcurrentChanges = 1, FailureBudget = 2 }, CancellationToken.None);
        var started = new ConcurrentBag<string>();
        foreach (var name in new[] { "u1", "u2", "u3", "u4", "u5" })
        {
            runner.Add(Unit(name), _ =>
            {
                started.Add(name);
                return name is "u1" or "u2" ? Task.FromException<string>(new KinsException(KinsErrorIds.InsufficientReadyNodes, KinsErrorCategory.InvalidOperation, "no nodes", name)) : Task.FromResult(name);
            });
        }
        var outcomes = await ReadUntilAsync(runner, 5);
        runner.Add(Unit("u6"), _ => { started.Add("u6"); return Task.FromResult("u6"); });
        runner.CompleteAdding();
        outcomes.AddRange(await ReadAllAsync(runner));

        Assert.Equal(["u1", "u2"], started.Order(StringComparer.Ordinal));
        Assert.True(runner.BudgetSpent);
        var skipped = outcomes.Where(o => o.Skipped).ToList();
        Assert.Equal(["u3", "u4", "u5", "u6"], skipped.Select(o => o.Unit.Name));
        foreach (var outcome in skipped)
        {
            var error = Assert.IsType<KinsException>(outcome.Error);
            Assert.Equal(KinsErrorIds.NodeUnitSkipped, error.ErrorId);
            Assert.Equal(outcome.Unit.Name, error.Target);
            Assert.Contains($"NodeUnit '{outcome.Unit.Name}' (context 'ctx')", error.Message, StringComparison.Ordinal);
            Assert.Contains("failure budget of 2", error.Message, StringComparison.Ordinal);
            Assert.Contains("u1, u2", error.Message, StringComparison.Ordinal);
        }
        Assert.Equal(4, runner.Progress.Skipped);
    }

    [Fact]
    public async Task Units_already_changing_when_the_budget_is_spent_are_still_waited_for()
    {
        using var runner = new BulkRunner<string>(new BulkOptions { MaxConcurrentChanges = 3, FailureBudget = 1 }, CancellationToken.None);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fail = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        runner.Add(Unit("fails"), async _ => { await fail.Task; throw new KinsException(KinsErrorIds.KinsPromotionFailed, KinsErrorCategory.InvalidResult, "failed", "fails"); });
        runner.Add(Unit("slow-1"), async _ => { await ready.Task; return "slow-1"; });
        runner.Add(Unit("slow-2"), async _ => { await ready.Task; return "slow-2"; });
        runner.Add(Unit("later"), _ => Task.FromResult("later"));
        runner.CompleteAdding();

        fail.SetResult();
        var first = await ReadUntilAsync(runner, 2);
        Assert.Equal(["fails", "later"], first.Select(o => o.Unit.Name));
        Assert.True(first[1].Skipped);
        ready.SetResult();
        var rest = await ReadAllAsync(runner);

        Assert.Equal(["slow-1", "slow-2"], rest.Select(o => o.Result!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Cancellation_starts_nothing_more_and_ends_running_units_as_cancelled_not_failed()
    {
        using var cancel = new CancellationTokenSource();
        using var runner = new BulkRunner<string>(new BulkOptions { MaxConcurrentChanges = 1 }, cancel.Token);
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var queuedStarted = false;
        runner.Add(Unit("running"), async ct => { running.SetResult(); await Task.Delay(Timeout.Infinite, ct); return "never"; });
        runner.Add(Unit("queued"), _ => { queuedStarted = true; return Task.FromResult("queued"); });
        await running.Task.WaitAsync(Patience);

        await cancel.CancelAsync();
        var outcome = await runner.Outcomes.ReadAsync().AsTask().WaitAsync(Patience);

        Assert.Equal("running", outcome.Unit.Name);
        Assert.True(outcome.Cancelled);
        Assert.Equal(0, runner.Progress.Failed);
        Assert.False(queuedStarted);
    }

    [Fact]
    public async Task Stopping_waits_for_requests_in_flight_refuses_new_ones_and_keeps_the_changed_units()
    {
        using var runner = new BulkRunner<string>(new BulkOptions { ThrottleLimit = 1 }, CancellationToken.None);
        var throttle = runner.ThrottleFor("ctx", "https://127.0.0.1:6443");
        var inRequest = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var neverSent = true;
        runner.Add(Unit("writing"), async ct =>
        {
            using (await throttle.EnterAsync("writing", ct))
            {
                inRequest.SetResult();
                await answer.Task;
                runner.MarkChanged(Unit("writing"));
            }
            await Task.Delay(Timeout.Infinite, ct);
            return "never";
        });
        // "behind" is added only once "writing" holds the one slot, so it cannot take the slot first.
        await inRequest.Task.WaitAsync(Patience);
        runner.Add(Unit("behind"), async ct =>
        {
            using (await throttle.EnterAsync("behind", ct))
            {
                neverSent = false;
            }
            return "behind";
        });

        var stopped = runner.StopStartingAsync();
        var behind = await runner.Outcomes.ReadAsync().AsTask().WaitAsync(Patience);
        Assert.False(stopped.IsCompleted);
        answer.SetResult();
        await stopped.WaitAsync(Patience);

        Assert.Equal("behind", behind.Unit.Name);
        Assert.True(behind.Cancelled);
        Assert.True(neverSent);
        var unfinished = Assert.Single(runner.Unfinished());
        Assert.Equal(("writing", true, false), (unfinished.Unit.Name, unfinished.Changed, unfinished.InRequest));
        Assert.Equal(["writing"], runner.Changed().Select(u => u.Name));
    }

    [Fact]
    public async Task A_unit_backing_off_frees_its_slot_for_another_and_takes_one_again_before_its_next_attempt()
    {
        using var runner = new BulkRunner<string>(new BulkOptions { ThrottleLimit = 1 }, CancellationToken.None);
        var throttle = runner.ThrottleFor("ctx", "https://127.0.0.1:6443");
        var otherIn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var otherDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slot = await throttle.EnterAsync("retrying", CancellationToken.None);
        runner.Add(Unit("other"), async ct =>
        {
            using (await throttle.EnterAsync("other", ct))
            {
                otherIn.SetResult();
                await otherDone.Task;
            }
            return "other";
        });

        // A pause long enough for "other" to be waiting for the slot before the pause wants it back: with 1 ms, a
        // loaded machine let the pause re-take the slot first and the test waited for ever.
        var pause = slot.PauseAsync(TimeSpan.FromSeconds(1), CancellationToken.None);
        await otherIn.Task.WaitAsync(Patience);
        Assert.False(pause.IsCompleted);
        otherDone.SetResult();
        await pause.WaitAsync(Patience);

        slot.Dispose();
        runner.CompleteAdding();
        Assert.Equal("other", Assert.Single(await ReadAllAsync(runner)).Result);
        Assert.Equal(1, runner.Progress.PeakApiInFlight);
    }

    [Fact]
    public void Adding_after_the_end_of_input_is_a_bug_in_the_caller()
    {
        using var runner = new BulkRunner<string>(new BulkOptions(), CancellationToken.None);
        runner.CompleteAdding();
        Assert.Throws<InvalidOperationException>(() => runner.Add(Unit("late"), _ => Task.FromResult("late")));
    }

    [Fact]
    public void Progress_counts_the_whole_pipeline_and_says_what_it_waits_for()
    {
        var progress = new BulkProgress(Received: 60, Queued: 5, Writing: 12, Waiting: 40, Succeeded: 3, Failed: 0, Skipped: 0, PeakWaiting: 40, PeakApiInFlight: 16);
        Assert.Equal("60 unit(s): 12 writing, 40 waiting for L4 (Ready), 3 done, 5 queued", progress.Describe("L4 (Ready)"));
        Assert.Equal(5, progress.PercentComplete);
    }

    private static async Task<List<BulkOutcome<string>>> ReadUntilAsync(BulkRunner<string> runner, int count)
    {
        var outcomes = new List<BulkOutcome<string>>();
        while (outcomes.Count < count)
        {
            outcomes.Add(await runner.Outcomes.ReadAsync().AsTask().WaitAsync(Patience));
        }
        return outcomes;
    }

    private static async Task<string> ThrowsDeepInsideTheWork()
    {
        await Task.Yield();
        throw new InvalidOperationException("a bug");
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
