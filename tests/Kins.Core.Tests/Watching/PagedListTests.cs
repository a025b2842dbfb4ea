using k8s;
using k8s.Models;
using Kins.Core.Tests.Connection;
using Kins.Core.Watching;

namespace Kins.Core.Tests.Watching;

public sealed class PagedListTests
{
    /// <summary>Serves names in pages of <c>pageSize</c>, the continue token being the next offset; a queued failure answers a continued page.</summary>
    private sealed class PagedSource(int count, int pageSize) : IWatchSource<V1ConfigMap>
    {
        public Queue<Exception> ContinueFailures { get; } = new();
        public List<(string? Continue, int Limit)> Calls { get; } = [];
        public string Description => "pages";

        public Task<ListPage<V1ConfigMap>> ListAsync(string? continueToken, int limit, CancellationToken cancellationToken)
        {
            Calls.Add((continueToken, limit));
            if (continueToken is not null && ContinueFailures.TryDequeue(out var failure))
            {
                return Task.FromException<ListPage<V1ConfigMap>>(failure);
            }
            var offset = continueToken is null ? 0 : int.Parse(continueToken, System.Globalization.CultureInfo.InvariantCulture);
            var items = Enumerable.Range(offset, Math.Max(0, Math.Min(pageSize, count - offset))).Select(i => FakeWatchSource.Object($"cm{i:D3}", "1")).ToList();
            var next = offset + pageSize < count ? (offset + pageSize).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
            return Task.FromResult(new ListPage<V1ConfigMap>(items, next, "100"));
        }

        public IAsyncEnumerable<(WatchEventType Type, V1ConfigMap Object)> WatchAsync(string resourceVersion, int timeoutSeconds, Action<Exception> onError, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }

    [Fact]
    public async Task Follows_continue_tokens_to_the_last_page_and_returns_the_list_version()
    {
        var source = new PagedSource(7, 3);

        var (items, version) = await PagedList.ListAllAsync(source, c => c.Metadata.Name, CancellationToken.None);

        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"cm{i:D3}"), items);
        Assert.Equal("100", version);
        Assert.Equal([null, "3", "6"], source.Calls.Select(c => c.Continue));
        Assert.All(source.Calls, c => Assert.Equal(PagedList.PageSize, c.Limit));
    }

    [Fact]
    public async Task An_expired_continue_token_restarts_the_list_from_the_first_page()
    {
        var source = new PagedSource(7, 3);
        source.ContinueFailures.Enqueue(KubernetesErrorsTests.Http(410, "Expired"));

        var (items, _) = await PagedList.ListAllAsync(source, c => c.Metadata.Name, CancellationToken.None);

        Assert.Equal(7, items.Count);
        Assert.Equal([null, "3", null, "3", "6"], source.Calls.Select(c => c.Continue));
    }

    [Fact]
    public async Task A_continue_token_that_expires_again_is_reported()
    {
        var source = new PagedSource(7, 3);
        source.ContinueFailures.Enqueue(KubernetesErrorsTests.Http(410, "Expired"));
        source.ContinueFailures.Enqueue(KubernetesErrorsTests.Http(410, "Expired"));

        var error = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => PagedList.ListAllAsync(source, c => c.Metadata.Name, CancellationToken.None));

        Assert.Equal(410, (int)error.Response.StatusCode);
    }
}
