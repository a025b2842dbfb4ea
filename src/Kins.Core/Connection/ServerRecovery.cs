namespace Kins.Core.Connection;

/// <summary>
/// Tells whoever is backing off from one API server that it answered again. Each backoff (exponential, per request
/// or per watch) would otherwise end on its own schedule, up to about as long after an outage as it had already
/// waited, and a batch ends with its unluckiest unit: woken, the retries follow the server's return at once, so an
/// outage costs its own length. Thread-safe and cheap when nobody waits.
/// </summary>
public sealed class ServerRecovery
{
    private readonly object _gate = new();
    private TaskCompletionSource? _next;

    /// <summary>Completes the next time <see cref="Answered"/> is called (take it before starting to wait).</summary>
    public Task Next
    {
        get
        {
            lock (_gate)
            {
                return (_next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }
        }
    }

    /// <summary>A request to the server succeeded after failing: wakes every waiter.</summary>
    public void Answered()
    {
        TaskCompletionSource? waiting;
        lock (_gate)
        {
            (waiting, _next) = (_next, null);
        }
        waiting?.TrySetResult();
    }

    /// <summary>Waits <paramref name="delay"/> on <paramref name="time"/>, or less when the server answers meanwhile.</summary>
    public async Task DelayAsync(TimeSpan delay, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        var answered = Next;
        using var early = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var elapsed = Task.Delay(delay, time, early.Token);
        await Task.WhenAny(elapsed, answered).ConfigureAwait(false);
        // Ends the timer if the answer came first (the delay task then ends cancelled, observed here).
        await early.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            await elapsed.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Woken early.
        }
    }
}
