namespace Kins.Core.Bulk;

/// <summary>
/// Bounds the API work (reads, patches, deletes) a batch has in flight. Waiting on a watch holds no slot:
/// a unit enters the throttle for its requests and leaves it before it waits.
/// </summary>
public interface IApiThrottle
{
    /// <summary>Waits for a free slot for <paramref name="unit"/>'s requests; disposing the result frees it.</summary>
    ValueTask<IApiSlot> EnterAsync(string unit, CancellationToken cancellationToken);
}

/// <summary>A held slot of an <see cref="IApiThrottle"/>.</summary>
public interface IApiSlot : IDisposable
{
    /// <summary>
    /// Backs off without holding the slot: frees it, waits <paramref name="delay"/>, then takes a slot again, so a unit
    /// waiting out a 429 or an outage does not hold up the others (a retry policy's pause between attempts).
    /// </summary>
    Task PauseAsync(TimeSpan delay, CancellationToken cancellationToken);
}

/// <summary>No bound: for a reconciler used on its own, outside a batch.</summary>
public sealed class UnboundedApiThrottle : IApiThrottle
{
    public static UnboundedApiThrottle Instance { get; } = new();

    private UnboundedApiThrottle() { }

    public ValueTask<IApiSlot> EnterAsync(string unit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult<IApiSlot>(NoSlot.Instance);
    }

    private sealed class NoSlot : IApiSlot
    {
        public static NoSlot Instance { get; } = new();

        public Task PauseAsync(TimeSpan delay, CancellationToken cancellationToken) => Task.Delay(delay, cancellationToken);

        public void Dispose() { }
    }
}
