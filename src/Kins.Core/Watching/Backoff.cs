namespace Kins.Core.Watching;

/// <summary>
/// Jittered exponential backoff: each failure doubles the base delay up to a cap, and every delay is the base
/// stretched by a random 0-50 %, so many clients that failed together do not retry together. <see cref="Reset"/>
/// after a healthy period starts over from the initial delay.
/// </summary>
internal sealed class Backoff
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _max;
    private readonly Random _random;
    private TimeSpan _next;

    public Backoff(TimeSpan initial, TimeSpan max, Random random)
    {
        _initial = initial;
        _max = max;
        _random = random;
        _next = initial;
    }

    /// <summary>The delay before the next attempt; the one after will be twice as long (up to the cap).</summary>
    public TimeSpan Next()
    {
        var baseDelay = _next;
        _next = TimeSpan.FromTicks(Math.Min(_max.Ticks, baseDelay.Ticks * 2));
#pragma warning disable CA5394 // jitter spreads retries; it needs no cryptographic randomness
        var jittered = baseDelay * (1 + (_random.NextDouble() * 0.5));
#pragma warning restore CA5394
        return jittered > _max ? _max : jittered;
    }

    public void Reset() => _next = _initial;
}
