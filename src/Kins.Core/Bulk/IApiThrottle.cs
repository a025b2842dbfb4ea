namespace Kins.Core.Bulk;

/// <summary>
/// Bounds the API work (reads, patches, deletes) a batch has in flight. Waiting on a watch holds no slot:
/// a unit enters the throttle for its requests and leaves it before it waits.
/// </summary>
public interface IApiThrottle
{
    /// <summary>Waits for a free slot for <paramref name="unit"/>'s requests; disposing the result frees it.</summary>
    ValueTask<IDisposable> EnterAsync(string unit, CancellationToken cancellationToken);
}

/// <summary>No bound: for a reconciler used on its own, outside a batch.</summary>
public sealed class UnboundedApiThrottle : IApiThrottle
{
    public static UnboundedApiThrottle Instance { get; } = new();

    private UnboundedApiThrottle() { }

    public ValueTask<IDisposable> EnterAsync(string unit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult<IDisposable>(NoSlot.Instance);
    }

    private sealed class NoSlot : IDisposable
    {
        public static NoSlot Instance { get; } = new();

        public void Dispose() { }
    }
}
