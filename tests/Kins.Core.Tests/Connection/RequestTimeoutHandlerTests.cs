using Kins.Core.Connection;

namespace Kins.Core.Tests.Connection;

public sealed class RequestTimeoutHandlerTests
{
    /// <summary>Answers after a delay, like a slow API server or a quiet watch.</summary>
    private sealed class SlowHandler(TimeSpan delay) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(delay, cancellationToken);
            return new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StringContent("{}") };
        }
    }

    private static HttpClient Client(TimeSpan timeout, TimeSpan delay) =>
        new(new RequestTimeoutHandler(timeout, new SlowHandler(delay))) { Timeout = Timeout.InfiniteTimeSpan };

    [Fact]
    public async Task Ordinary_requests_get_a_deadline()
    {
        using var client = Client(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => client.GetAsync(new Uri("https://127.0.0.1:1/api/v1/nodes?limit=500")));

        Assert.Contains("/api/v1/nodes", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://127.0.0.1:1/api/v1/nodes?watch=true&timeoutSeconds=300")]
    [InlineData("https://127.0.0.1:1/api/v1/nodes?watch=1")]
    public async Task Watches_are_not_cut(string url)
    {
        using var client = Client(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(300));

        using var response = await client.GetAsync(new Uri(url));

        Assert.True(response.IsSuccessStatusCode);
    }

    [Fact]
    public async Task The_callers_cancellation_stays_a_cancellation()
    {
        using var client = Client(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetAsync(new Uri("https://127.0.0.1:1/api"), cancel.Token));
    }
}
