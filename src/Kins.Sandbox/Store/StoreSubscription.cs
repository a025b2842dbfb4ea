using System.Threading.Channels;

namespace Kins.Sandbox.Store;

/// <summary>
/// A live feed of committed changes for one collection (or all of them), in commit order. Watches and the
/// in-process controllers read it; disposing it unsubscribes.
/// </summary>
internal sealed class StoreSubscription : IDisposable
{
    // Not SingleReader: that channel cannot count what is unread, and IsDrained needs the count.
    private readonly Channel<StoreEvent> _channel = Channel.CreateUnbounded<StoreEvent>();
    private readonly Action<StoreSubscription> _unsubscribe;
    private int _disposed;

    public StoreSubscription(string? storageKey, Action<StoreSubscription> unsubscribe)
    {
        StorageKey = storageKey;
        _unsubscribe = unsubscribe;
    }

    /// <summary>The collection followed; null for every collection.</summary>
    public string? StorageKey { get; }

    public ChannelReader<StoreEvent> Reader => _channel.Reader;

    /// <summary>Every published change has been read.</summary>
    public bool IsDrained => _channel.Reader.Count == 0;

    internal void Publish(StoreEvent e) => _channel.Writer.TryWrite(e);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _unsubscribe(this);
            _channel.Writer.TryComplete();
        }
    }
}
