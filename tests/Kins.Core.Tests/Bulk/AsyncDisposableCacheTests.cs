using Kins.Core.Bulk;

namespace Kins.Core.Tests.Bulk;

public class AsyncDisposableCacheTests
{
    [Fact]
    public async Task Creates_once_per_key_and_disposes_each_value_once()
    {
        var cache = new AsyncDisposableCache<string, Probe>(StringComparer.Ordinal);
        var a = cache.GetOrAdd("a", _ => new Probe());
        Assert.Same(a, cache.GetOrAdd("a", _ => new Probe()));
        var b = cache.GetOrAdd("b", _ => new Probe());

        await cache.DisposeAsync();
        await cache.DisposeAsync();

        Assert.Equal((1, 1), (a.Disposals, b.Disposals));
    }

    [Fact]
    public async Task Nothing_is_created_once_disposal_began_so_nothing_leaks()
    {
        // Ctrl+C disposes from another thread while the pipeline thread may still ask for a value.
        var cache = new AsyncDisposableCache<string, Probe>(StringComparer.Ordinal);
        await cache.DisposeAsync();
        var created = false;

        Assert.Throws<ObjectDisposedException>(() => cache.GetOrAdd("late", _ => { created = true; return new Probe(); }));
        Assert.False(created);
    }

    [Fact]
    public async Task Every_value_created_while_another_thread_disposes_is_disposed()
    {
        for (var round = 0; round < 50; round++)
        {
            var cache = new AsyncDisposableCache<int, Probe>();
            var created = new System.Collections.Concurrent.ConcurrentBag<Probe>();
            var adders = Enumerable.Range(0, 4).Select(t => Task.Run(() =>
            {
                for (var key = 0; key < 200; key++)
                {
                    try
                    {
                        cache.GetOrAdd((t * 1000) + key, _ => { var probe = new Probe(); created.Add(probe); return probe; });
                    }
                    catch (ObjectDisposedException)
                    {
                        return;
                    }
                }
            })).ToList();
            var disposer = Task.Run(async () => await cache.DisposeAsync());
            await Task.WhenAll([.. adders, disposer]);

            Assert.All(created, probe => Assert.Equal(1, probe.Disposals));
        }
    }

    private sealed class Probe : IAsyncDisposable
    {
        private int _disposals;

        public int Disposals => _disposals;

        public ValueTask DisposeAsync()
        {
            Interlocked.Increment(ref _disposals);
            return ValueTask.CompletedTask;
        }
    }
}
