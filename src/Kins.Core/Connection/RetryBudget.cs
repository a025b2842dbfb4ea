namespace Kins.Core.Connection;

/// <summary>
/// How long the requests of one unit of work may spend retrying, together, and how each backoff waits.
/// <see cref="Enter"/> makes the budget apply to every <see cref="ApiRetry"/> call in the current async flow, so a
/// bulk runner enters one per unit and every read and write of that unit shares it.
/// </summary>
/// <remarks>
/// A caller that holds a throttle slot sets <see cref="Pause"/> to release the slot while backing off and take it
/// back before the next attempt: a unit waiting out a 429 or an outage then does not hold up the others.
/// </remarks>
public sealed class RetryBudget
{
    private static readonly AsyncLocal<RetryBudget?> Ambient = new();
    private readonly long _started;

    public RetryBudget(TimeSpan total, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(total, TimeSpan.Zero);
        Total = total;
        Time = time ?? TimeProvider.System;
        _started = Time.GetTimestamp();
    }

    /// <summary>The budget entered in the current async flow, if any.</summary>
    public static RetryBudget? Current => Ambient.Value;

    public TimeSpan Total { get; }

    public TimeProvider Time { get; }

    /// <summary>Awaited for every backoff instead of a plain delay on <see cref="Time"/> (see the remarks).</summary>
    public Func<TimeSpan, CancellationToken, Task>? Pause { get; init; }

    /// <summary>
    /// The server's recovery signal: a request that succeeds after failing raises it. (Backoffs here still wait their
    /// full delay: a paused throttle slot cannot be woken; informers waiting on the same signal are.)
    /// </summary>
    public ServerRecovery? Recovery { get; init; }

    /// <summary>What is left of the budget.</summary>
    public TimeSpan Remaining
    {
        get
        {
            var left = Total - Time.GetElapsedTime(_started);
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    /// <summary>Makes this the budget of the current async flow until the result is disposed.</summary>
    public IDisposable Enter()
    {
        var previous = Ambient.Value;
        Ambient.Value = this;
        return new Scope(previous);
    }

    internal Task WaitAsync(TimeSpan delay, CancellationToken cancellationToken) =>
        Pause is { } pause ? pause(delay, cancellationToken) : Task.Delay(delay, Time, cancellationToken);

    private sealed class Scope(RetryBudget? previous) : IDisposable
    {
        public void Dispose() => Ambient.Value = previous;
    }
}
