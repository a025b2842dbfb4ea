using Kins.Core.Connection;
using Kins.Core.Tests.TestSupport;

namespace Kins.Core.Tests.Connection;

public sealed class ApiRetryTests
{
    private readonly ManualClock _clock = new();
    private readonly List<TimeSpan> _pauses = [];

    /// <summary>A budget on the manual clock whose backoffs only move the clock (and are recorded).</summary>
    private RetryBudget Budget(double seconds = 30) => new(TimeSpan.FromSeconds(seconds), _clock)
    {
        Pause = (delay, _) =>
        {
            _pauses.Add(delay);
            _clock.Advance(delay);
            return Task.CompletedTask;
        },
    };

    private static Func<CancellationToken, Task<int>> FailingThen(int failures, Func<Exception> error, Action? onCall = null)
    {
        var calls = 0;
        return _ =>
        {
            onCall?.Invoke();
            return ++calls <= failures ? Task.FromException<int>(error()) : Task.FromResult(calls);
        };
    }

    private static Exception Refused() => new HttpRequestException("Connection refused", new IOException("refused"));

    [Theory]
    [InlineData(503, RequestKind.NonIdempotent)]
    [InlineData(429, RequestKind.NonIdempotent)]
    [InlineData(500, RequestKind.Idempotent)]
    [InlineData(409, RequestKind.MergePatch)]
    public async Task Retries_what_is_safe(int status, RequestKind kind)
    {
        var result = await ApiRetry.ExecuteAsync(FailingThen(2, () => KubernetesErrorsTests.Http(status)), kind, CancellationToken.None, Budget());

        Assert.Equal(3, result);
        Assert.Equal(2, _pauses.Count);
    }

    [Fact]
    public async Task A_success_after_a_failure_tells_the_others_backing_off_that_the_server_is_back()
    {
        var recovery = new ServerRecovery();
        var budget = new RetryBudget(TimeSpan.FromSeconds(30), _clock) { Pause = Budget().Pause, Recovery = recovery };
        var quiet = recovery.Next;
        await ApiRetry.ExecuteAsync(FailingThen(0, Refused), RequestKind.MergePatch, CancellationToken.None, budget);
        Assert.False(quiet.IsCompleted);

        await ApiRetry.ExecuteAsync(FailingThen(2, Refused), RequestKind.MergePatch, CancellationToken.None, budget);
        Assert.True(quiet.IsCompleted);
    }

    [Theory]
    [InlineData(409, RequestKind.Idempotent)]
    [InlineData(500, RequestKind.NonIdempotent)]
    [InlineData(404, RequestKind.Idempotent)]
    [InlineData(422, RequestKind.MergePatch)]
    public async Task Does_not_retry_what_is_unsafe(int status, RequestKind kind)
    {
        var calls = 0;
        await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() =>
            ApiRetry.ExecuteAsync(FailingThen(1, () => KubernetesErrorsTests.Http(status), () => calls++), kind, CancellationToken.None, Budget()));

        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task Transport_errors_are_retried_only_for_idempotent_requests()
    {
        Assert.Equal(2, await ApiRetry.ExecuteAsync(FailingThen(1, Refused), RequestKind.Idempotent, CancellationToken.None, Budget()));
        Assert.Equal(2, await ApiRetry.ExecuteAsync(FailingThen(1, Refused), RequestKind.MergePatch, CancellationToken.None, Budget()));
        await Assert.ThrowsAsync<HttpRequestException>(() => ApiRetry.ExecuteAsync(FailingThen(1, Refused), RequestKind.NonIdempotent, CancellationToken.None, Budget()));
    }

    [Fact]
    public async Task A_five_second_outage_costs_a_merge_patch_time_not_the_unit()
    {
        var outageEnds = _clock.GetUtcNow() + TimeSpan.FromSeconds(5);
        var calls = 0;

        var result = await ApiRetry.ExecuteAsync(_ => ++calls > 0 && _clock.GetUtcNow() < outageEnds ? Task.FromException<int>(Refused()) : Task.FromResult(calls),
            RequestKind.MergePatch, CancellationToken.None, Budget());

        Assert.Equal(calls, result);
        Assert.True(_clock.GetUtcNow() >= outageEnds);
    }

    [Fact]
    public async Task Retries_stop_when_the_budget_is_spent_with_the_original_error()
    {
        var calls = 0;
        var started = _clock.GetUtcNow();

        var error = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() =>
            ApiRetry.ExecuteAsync(FailingThen(1000, () => KubernetesErrorsTests.Http(503), () => calls++), RequestKind.Idempotent, CancellationToken.None, Budget(30)));

        Assert.Equal(503, KubernetesErrors.StatusCode(error));
        Assert.InRange(_clock.GetUtcNow() - started, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(30));
        Assert.InRange(calls, 7, 15);
    }

    [Fact]
    public async Task Retry_After_is_honoured_with_a_little_jitter()
    {
        await ApiRetry.ExecuteAsync(FailingThen(1, () => KubernetesErrorsTests.Http(429, retryAfter: "3")), RequestKind.MergePatch, CancellationToken.None, Budget());

        Assert.InRange(Assert.Single(_pauses), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3.6));
    }

    [Fact]
    public async Task A_Retry_After_beyond_the_budget_gives_up_at_once()
    {
        var calls = 0;
        await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() =>
            ApiRetry.ExecuteAsync(FailingThen(1, () => KubernetesErrorsTests.Http(429, retryAfter: "60"), () => calls++), RequestKind.MergePatch, CancellationToken.None, Budget(30)));

        Assert.Equal(1, calls);
        Assert.Empty(_pauses);
    }

    [Fact]
    public async Task An_entered_budget_is_shared_by_every_request_of_the_flow()
    {
        var budget = Budget(10);
        var calls = 0;
        var started = _clock.GetUtcNow();
        using (budget.Enter())
        {
            // The first request spends half the budget or more; the second gets only what is left.
            var outageEnds = _clock.GetUtcNow() + TimeSpan.FromSeconds(4);
            await ApiRetry.ExecuteAsync(_ => _clock.GetUtcNow() < outageEnds ? Task.FromException<int>(Refused()) : Task.FromResult(0), RequestKind.MergePatch, CancellationToken.None);
            await Assert.ThrowsAsync<HttpRequestException>(() =>
                ApiRetry.ExecuteAsync(FailingThen(1000, Refused, () => calls++), RequestKind.MergePatch, CancellationToken.None));
        }

        Assert.InRange(_clock.GetUtcNow() - started, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(10));
        Assert.InRange(calls, 1, 5);
        Assert.Null(RetryBudget.Current);
    }

    [Fact]
    public async Task Cancellation_stops_the_backoff()
    {
        using var cancel = new CancellationTokenSource();
        var task = ApiRetry.ExecuteAsync(FailingThen(10, () => KubernetesErrorsTests.Http(503, retryAfter: "10"), cancel.Cancel), RequestKind.Idempotent, cancel.Token,
            new RetryBudget(TimeSpan.FromSeconds(30), _clock));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task).WaitAsync(ManualClock.Guard);
    }

    [Fact]
    public void Backoff_grows_is_capped_and_never_undercuts_Retry_After()
    {
        var error = new IOException();
        Assert.InRange(ApiRetry.DelayBefore(2, error), TimeSpan.FromMilliseconds(160), TimeSpan.FromMilliseconds(240));
        Assert.InRange(ApiRetry.DelayBefore(3, error), TimeSpan.FromMilliseconds(320), TimeSpan.FromMilliseconds(480));
        Assert.InRange(ApiRetry.DelayBefore(12, error), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(6));
        Assert.InRange(ApiRetry.DelayBefore(2, KubernetesErrorsTests.Http(429, retryAfter: "7")), TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(8.4));
    }
}
