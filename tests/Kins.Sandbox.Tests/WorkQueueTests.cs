using System.Threading.Channels;
using Kins.Core.Tests.TestSupport;
using Kins.Sandbox.Controllers;

namespace Kins.Sandbox.Tests;

/// <summary>The sandbox controllers' work queue, driven by a manual clock: dedupe, per-key backoff, forget, drop.</summary>
public sealed class WorkQueueTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>Records every processing call; a key fails while its remaining failure count is above zero.</summary>
    private sealed class Recorder
    {
        private readonly Dictionary<string, int> _failuresLeft = new(StringComparer.Ordinal);
        public Channel<string> Calls { get; } = Channel.CreateUnbounded<string>();
        public TaskCompletionSource? Gate { get; set; }

        public void FailNext(string key, int times)
        {
            lock (_failuresLeft) { _failuresLeft[key] = times; }
        }

        public async Task ProcessAsync(string key, CancellationToken cancel)
        {
            Calls.Writer.TryWrite(key);
            if (Gate is { } gate) { await gate.Task.WaitAsync(cancel); }
            lock (_failuresLeft)
            {
                if (_failuresLeft.TryGetValue(key, out var left) && left > 0)
                {
                    _failuresLeft[key] = left - 1;
                    throw new InvalidOperationException($"{key} failed");
                }
            }
        }

        public async Task<string> NextCallAsync()
        {
            using var cancel = new CancellationTokenSource(Patience);
            return await Calls.Reader.ReadAsync(cancel.Token);
        }

        public bool HasCall => Calls.Reader.TryPeek(out _);
    }

    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting for: " + what);
            await Task.Yield();
        }
    }

    [Fact]
    public async Task A_failed_key_is_retried_after_a_doubling_backoff_and_forgotten_on_success()
    {
        var clock = new ManualClock();
        var recorder = new Recorder();
        await using var queue = new WorkQueue(2, recorder.ProcessAsync, (_, _) => { }, new WorkQueueOptions { Time = clock });
        recorder.FailNext("x", 3);

        queue.Add("x");
        Assert.Equal("x", await recorder.NextCallAsync());
        foreach (var (delay, requeues) in new[] { (5, 1), (10, 2), (20, 3) })
        {
            await UntilAsync(() => clock.PendingTimers == 1 && queue.NumRequeues("x") == requeues, $"retry {requeues} scheduled");
            clock.Advance(TimeSpan.FromMilliseconds(delay - 1));
            Assert.False(recorder.HasCall, $"retried before its {delay} ms backoff");
            Assert.Equal(1, clock.PendingTimers);
            clock.Advance(TimeSpan.FromMilliseconds(1));
            Assert.Equal("x", await recorder.NextCallAsync());
        }
        await UntilAsync(() => queue.NumRequeues("x") == 0, "the success forgets the failures");
        Assert.Equal(0, clock.PendingTimers);

        // A later failure starts from the base delay again.
        recorder.FailNext("x", 1);
        queue.Add("x");
        Assert.Equal("x", await recorder.NextCallAsync());
        await UntilAsync(() => clock.PendingTimers == 1, "retry scheduled");
        clock.Advance(TimeSpan.FromMilliseconds(5));
        Assert.Equal("x", await recorder.NextCallAsync());
    }

    [Fact]
    public async Task Backoff_is_per_key_and_a_key_that_keeps_failing_is_dropped_after_MaxRetries()
    {
        var clock = new ManualClock();
        var recorder = new Recorder();
        var dropped = Channel.CreateUnbounded<string>();
        await using var queue = new WorkQueue(2, recorder.ProcessAsync, (key, _) => dropped.Writer.TryWrite(key),
            new WorkQueueOptions { Time = clock, MaxRetries = 2 });
        recorder.FailNext("bad", int.MaxValue);

        queue.Add("bad");
        Assert.Equal("bad", await recorder.NextCallAsync());
        await UntilAsync(() => queue.NumRequeues("bad") == 1 && clock.PendingTimers == 1, "first retry scheduled");
        queue.Add("good");
        Assert.Equal("good", await recorder.NextCallAsync());
        Assert.Equal(0, queue.NumRequeues("good"));

        clock.Advance(TimeSpan.FromMilliseconds(5));
        Assert.Equal("bad", await recorder.NextCallAsync());
        await UntilAsync(() => queue.NumRequeues("bad") == 2 && clock.PendingTimers == 1, "second retry scheduled");
        clock.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal("bad", await recorder.NextCallAsync());

        using var cancel = new CancellationTokenSource(Patience);
        Assert.Equal("bad", await dropped.Reader.ReadAsync(cancel.Token));
        Assert.Equal(0, queue.NumRequeues("bad"));
        Assert.Equal(0, clock.PendingTimers);
    }

    [Fact]
    public async Task Keys_are_deduplicated_while_waiting_and_one_added_during_processing_runs_once_more()
    {
        var recorder = new Recorder { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        await using var queue = new WorkQueue(4, recorder.ProcessAsync, (_, _) => { }, new WorkQueueOptions { Time = new ManualClock() });

        queue.Add("k");
        Assert.Equal("k", await recorder.NextCallAsync());
        queue.Add("k");
        queue.Add("k");
        Assert.False(recorder.HasCall, "a key ran twice at once");
        recorder.Gate.SetResult();

        Assert.Equal("k", await recorder.NextCallAsync());
        queue.Add("other");
        Assert.Equal("other", await recorder.NextCallAsync());
        Assert.False(recorder.HasCall, "the two adds during processing ran more than once");
    }
}
