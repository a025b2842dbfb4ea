using k8s;
using k8s.Models;
using Kins.Core.Tests.Connection;
using Kins.Core.Tests.TestSupport;
using Kins.Core.Watching;

namespace Kins.Core.Tests.Watching;

/// <summary>The informer against a scripted source and a clock that moves only when the test says so.</summary>
public sealed class InformerTests : IAsyncDisposable
{
    private static readonly Func<TimeSpan, bool> Backoff = d => d < TimeSpan.FromSeconds(30);
    private readonly ManualClock _clock = new();
    private readonly FakeWatchSource _source = new();
    private readonly RecordingHandler _handler = new();
    private readonly RecordingHealth _health = new();
    private readonly CancellationTokenSource _stop = new();
    private Informer<V1ConfigMap>? _informer;
    private Task? _running;

    private InformerOptions Options => new() { Time = _clock, Random = new Random(7), StallAfter = TimeSpan.FromSeconds(90) };

    private Informer<V1ConfigMap> Start()
    {
        _informer = new Informer<V1ConfigMap>(_source, _handler, Options, _health);
        _running = Task.Run(() => _informer.RunAsync(_stop.Token));
        return _informer;
    }

    /// <summary>Which comes first: a backoff timer, or another watch (the informer does one or the other next).</summary>
    private async Task<bool> BacksOffBeforeTheNextWatch(Func<TimeSpan, bool>? range = null)
    {
        var timer = _clock.WaitForTimerAsync(range ?? Backoff);
        var next = _source.WatchOpenedAsync();
        return await Task.WhenAny(timer, next) == timer;
    }

    [Fact]
    public async Task Lists_then_watches_from_the_list_version_and_resumes_from_the_last_version_seen()
    {
        _source.Items.Add(FakeWatchSource.Object("a", "9"));
        Start();

        var first = await _source.NextWatchAsync();
        await _informer!.Synced;
        first.Send(WatchEventType.Added, "b", "11");
        first.Bookmark("15");
        first.End();
        var second = await _source.NextWatchAsync();

        Assert.Equal("10", first.ResourceVersion);
        Assert.Equal("15", second.ResourceVersion);
        Assert.Equal(["a"], Assert.Single(_handler.Replaced));
        Assert.Equal(["Added b"], _handler.Applied);
        Assert.Equal(1, _source.ListCalls);
    }

    [Fact]
    public async Task A_watch_that_ends_at_once_without_anything_backs_off_instead_of_spinning()
    {
        Start();
        var first = await _source.NextWatchAsync();
        first.End();

        Assert.True(await BacksOffBeforeTheNextWatch(d => d >= TimeSpan.FromMilliseconds(500) && d < TimeSpan.FromMilliseconds(750)));
        _clock.Advance(TimeSpan.FromMilliseconds(750));
        var second = await _source.NextWatchAsync();
        second.End();
        // The second failure in a row waits twice as long.
        Assert.True(await BacksOffBeforeTheNextWatch(d => d >= TimeSpan.FromSeconds(1) && d < TimeSpan.FromSeconds(1.5)));
        Assert.Equal("10", second.ResourceVersion);
        Assert.Equal(2, _source.Watches.Count);
    }

    [Fact]
    public async Task A_backoff_ends_as_soon_as_the_server_answers_another_request()
    {
        var recovery = new Kins.Core.Connection.ServerRecovery();
        _informer = new Informer<V1ConfigMap>(_source, _handler, Options with { Recovery = recovery }, _health);
        _running = Task.Run(() => _informer.RunAsync(_stop.Token));
        var first = await _source.NextWatchAsync();
        first.End();
        Assert.True(await BacksOffBeforeTheNextWatch());

        // No time passes: a write's retry (or another informer) got through, so this watch is tried again now.
        recovery.Answered();
        var second = await _source.NextWatchAsync();
        Assert.Equal("10", second.ResourceVersion);
        Assert.Equal(2, _source.Watches.Count);
    }

    [Fact]
    public async Task A_watch_that_ran_its_course_is_resumed_at_once()
    {
        Start();
        var first = await _source.NextWatchAsync();
        _clock.Advance(TimeSpan.FromSeconds(5));
        first.End();

        var second = await _source.NextWatchAsync();

        Assert.Equal("10", second.ResourceVersion);
        Assert.DoesNotContain(_health.Reports, r => r.StartsWith("failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_error_event_ends_the_watch_and_backs_off_before_resuming_from_the_last_version()
    {
        Start();
        var first = await _source.NextWatchAsync();
        first.Send(WatchEventType.Modified, "a", "11");
        first.SendError(500);

        Assert.True(await BacksOffBeforeTheNextWatch());
        Assert.True(first.Token.IsCancellationRequested);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var second = await _source.NextWatchAsync();
        Assert.Equal("11", second.ResourceVersion);
        Assert.Equal(1, _source.ListCalls);
        Assert.Contains(_health.Reports, r => r.Contains("error 500", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_410_error_event_re_lists_and_watches_from_the_new_list()
    {
        _source.Items.Add(FakeWatchSource.Object("a", "9"));
        Start();
        var first = await _source.NextWatchAsync();
        first.Send(WatchEventType.Modified, "a", "11");
        _source.ListVersion = "20";
        _source.Items.Add(FakeWatchSource.Object("b", "19"));
        first.SendError(410);

        var second = await _source.NextWatchAsync();

        Assert.Equal(2, _source.ListCalls);
        Assert.Equal("20", second.ResourceVersion);
        Assert.Equal(["a", "b"], _handler.Replaced.Last());
    }

    [Fact]
    public async Task A_410_when_opening_the_watch_re_lists_after_a_backoff()
    {
        _source.OpenFailures.Enqueue(KubernetesErrorsTests.Http(410, "Expired"));
        Start();
        await _source.NextWatchAsync();

        Assert.True(await BacksOffBeforeTheNextWatch());
        Assert.Equal(1, _source.ListCalls);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await _source.NextWatchAsync();
        Assert.Equal(2, _source.ListCalls);
    }

    [Fact]
    public async Task A_watch_that_delivers_nothing_for_the_stall_bound_is_replaced()
    {
        Start();
        var first = await _source.NextWatchAsync();
        await _clock.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(90));

        _clock.Advance(TimeSpan.FromSeconds(89));
        Assert.False(first.Token.IsCancellationRequested);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(first.Token.IsCancellationRequested);

        Assert.True(await BacksOffBeforeTheNextWatch());
        _clock.Advance(TimeSpan.FromSeconds(1));
        var second = await _source.NextWatchAsync();
        Assert.Equal("10", second.ResourceVersion);
        Assert.Contains(_health.Reports, r => r.Contains("delivered nothing", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_bookmark_keeps_a_quiet_watch_alive()
    {
        Start();
        var first = await _source.NextWatchAsync();
        await _clock.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(90));
        _clock.Advance(TimeSpan.FromSeconds(60));

        first.Bookmark("12");
        await _clock.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(90));
        _clock.Advance(TimeSpan.FromSeconds(89));

        Assert.False(first.Token.IsCancellationRequested);
        Assert.Single(_source.Watches);
    }

    [Fact]
    public async Task The_backoff_grows_with_failures_and_starts_over_after_a_healthy_watch()
    {
        static Exception Refused() => new HttpRequestException("Connection refused", new IOException("refused"));
        Start();
        var first = await _source.NextWatchAsync();
        _source.OpenFailures.Enqueue(Refused());
        _source.OpenFailures.Enqueue(Refused());
        first.End();
        var delays = new List<TimeSpan>();
        for (var i = 0; i < 3; i++)
        {
            var delay = await _clock.WaitForTimerAsync(Backoff);
            delays.Add(delay);
            _clock.Advance(delay);
            await _source.NextWatchAsync();
        }
        Assert.InRange(delays[0], TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(750));
        Assert.InRange(delays[1], TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.5));
        Assert.InRange(delays[2], TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3));

        // The watch after the third backoff works: it delivers, then its connection breaks and the next open fails.
        var healthy = _source.Watches.Last();
        healthy.Send(WatchEventType.Added, "a", "11");
        _source.OpenFailures.Enqueue(Refused());
        healthy.Fail(new IOException("connection reset"));
        var failed = await _source.NextWatchAsync();

        var afterReset = await _clock.WaitForTimerAsync(Backoff);
        Assert.InRange(afterReset, TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(750));
        Assert.Equal("11", failed.ResourceVersion);
    }

    [Fact]
    public async Task Watch_timeouts_are_randomised_between_the_minimum_and_twice_it()
    {
        Start();
        var timeouts = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            var watch = await _source.NextWatchAsync();
            timeouts.Add(watch.TimeoutSeconds);
            _clock.Advance(TimeSpan.FromSeconds(2));
            watch.End();
        }

        Assert.All(timeouts, t => Assert.InRange(t, 300, 600));
        Assert.True(timeouts.Distinct().Count() > 1, string.Join(", ", timeouts));
    }

    [Fact]
    public async Task A_failed_first_list_faults_Synced_with_the_cause()
    {
        _source.ListFailures.Enqueue(KubernetesErrorsTests.Http(403, "Forbidden"));
        Start();

        var error = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => _informer!.Synced.WaitAsync(ManualClock.Guard));
        Assert.Equal(403, (int)error.Response.StatusCode);
    }

    [Fact]
    public async Task A_failed_re_list_backs_off_and_tries_again()
    {
        Start();
        var first = await _source.NextWatchAsync();
        _source.ListFailures.Enqueue(KubernetesErrorsTests.Http(403, "Forbidden"));
        first.Send(WatchEventType.Modified, "a", "11");
        first.SendError(410);

        Assert.True(await BacksOffBeforeTheNextWatch());
        Assert.Equal(2, _source.ListCalls);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await _source.NextWatchAsync();
        Assert.Equal(3, _source.ListCalls);
    }

    [Fact]
    public async Task Stopping_closes_the_watch_and_ends_quietly()
    {
        Start();
        var first = await _source.NextWatchAsync();

        await _stop.CancelAsync();
        await _running!.WaitAsync(ManualClock.Guard);

        Assert.True(first.Token.IsCancellationRequested);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_running is not null)
        {
            await _running.WaitAsync(ManualClock.Guard).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        _stop.Dispose();
    }
}
