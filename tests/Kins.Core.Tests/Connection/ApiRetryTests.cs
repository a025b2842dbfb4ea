using Kins.Core.Connection;

namespace Kins.Core.Tests.Connection;

public sealed class ApiRetryTests
{
    private static Func<CancellationToken, Task<int>> FailingThen(int failures, Func<Exception> error, Action? onCall = null)
    {
        var calls = 0;
        return _ =>
        {
            onCall?.Invoke();
            return ++calls <= failures ? Task.FromException<int>(error()) : Task.FromResult(calls);
        };
    }

    [Theory]
    [InlineData(503, RequestKind.NonIdempotent)]
    [InlineData(429, RequestKind.NonIdempotent)]
    [InlineData(500, RequestKind.Idempotent)]
    [InlineData(409, RequestKind.MergePatch)]
    public async Task Retries_what_is_safe(int status, RequestKind kind)
    {
        var result = await ApiRetry.ExecuteAsync(FailingThen(2, () => KubernetesErrorsTests.Http(status, retryAfter: "0")), kind, CancellationToken.None);

        Assert.Equal(3, result);
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
            ApiRetry.ExecuteAsync(FailingThen(1, () => KubernetesErrorsTests.Http(status, retryAfter: "0"), () => calls++), kind, CancellationToken.None));

        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task Transport_errors_are_retried_only_for_idempotent_requests()
    {
        static Exception Refused() => new HttpRequestException("refused", new IOException("refused"));

        Assert.Equal(2, await ApiRetry.ExecuteAsync(FailingThen(1, Refused), RequestKind.Idempotent, CancellationToken.None));
        await Assert.ThrowsAsync<HttpRequestException>(() => ApiRetry.ExecuteAsync(FailingThen(1, Refused), RequestKind.NonIdempotent, CancellationToken.None));
    }

    [Fact]
    public async Task Gives_up_after_the_last_attempt_with_the_original_error()
    {
        var calls = 0;
        var error = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() =>
            ApiRetry.ExecuteAsync(FailingThen(10, () => KubernetesErrorsTests.Http(503, retryAfter: "0"), () => calls++), RequestKind.Idempotent, CancellationToken.None, maxAttempts: 3));

        Assert.Equal(3, calls);
        Assert.Equal(503, KubernetesErrors.StatusCode(error));
    }

    [Fact]
    public async Task Cancellation_stops_the_backoff()
    {
        using var cancel = new CancellationTokenSource();
        var task = ApiRetry.ExecuteAsync(FailingThen(10, () => KubernetesErrorsTests.Http(503, retryAfter: "30"), cancel.Cancel), RequestKind.Idempotent, cancel.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task).WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Backoff_grows_and_is_capped()
    {
        var error = new IOException();
        Assert.InRange(ApiRetry.DelayBefore(2, error), TimeSpan.FromMilliseconds(160), TimeSpan.FromMilliseconds(240));
        Assert.InRange(ApiRetry.DelayBefore(3, error), TimeSpan.FromMilliseconds(320), TimeSpan.FromMilliseconds(480));
        Assert.InRange(ApiRetry.DelayBefore(12, error), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(6));
        Assert.Equal(TimeSpan.FromSeconds(5), ApiRetry.DelayBefore(2, KubernetesErrorsTests.Http(429, retryAfter: "120")));
    }
}
