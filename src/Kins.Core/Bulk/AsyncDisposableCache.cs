namespace Kins.Core.Bulk;

/// <summary>
/// Values created once per key and disposed together, safe to use from the pipeline thread while Ctrl+C disposes
/// them from another: one lock guards both, and nothing is created after disposal began (it would never be disposed).
/// </summary>
public sealed class AsyncDisposableCache<TKey, TValue> : IAsyncDisposable
    where TKey : notnull
    where TValue : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<TKey, TValue> _values;
    private bool _disposed;

    public AsyncDisposableCache(IEqualityComparer<TKey>? comparer = null) => _values = new Dictionary<TKey, TValue>(comparer);

    /// <summary>The value for <paramref name="key"/>, created by <paramref name="create"/> the first time.</summary>
    /// <exception cref="ObjectDisposedException">The cache was disposed (the batch is stopping).</exception>
    public TValue GetOrAdd(TKey key, Func<TKey, TValue> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_values.TryGetValue(key, out var value))
            {
                value = create(key);
                _values[key] = value;
            }
            return value;
        }
    }

    /// <summary>Disposes every value once; later calls do nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        TValue[] values;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            values = [.. _values.Values];
            _values.Clear();
        }
        foreach (var value in values)
        {
            await value.DisposeAsync().ConfigureAwait(false);
        }
    }
}
