using System.Globalization;
using k8s.Autorest;

namespace Kins.Core.Connection;

/// <summary>What a request does, which decides what is safe to repeat after a failure.</summary>
public enum RequestKind
{
    /// <summary>GET, LIST, a full replace with resourceVersion, DELETE: repeating has no extra effect.</summary>
    Idempotent,
    /// <summary>A JSON merge patch of the fields we mean to set: idempotent, and a 409 just means "try again".</summary>
    MergePatch,
    /// <summary>A create (POST) or anything else that must not run twice.</summary>
    NonIdempotent,
}

/// <summary>
/// Retries a Kubernetes request with exponential backoff and jitter, only when repeating is safe:
/// 429 and 503 always (the server did not act), other 5xx and transport failures for idempotent requests
/// and merge patches, 409 for merge patches. Retries last as long as a time budget allows (a
/// <see cref="RetryBudget"/>: the one passed, else the one entered for the async flow, else a fresh one of
/// <see cref="WriteBudget"/> for writes and <see cref="ReadBudget"/> for reads), so a short outage costs time,
/// not the unit. Honours Retry-After and the cancellation token; the last failure is rethrown unchanged (map it
/// with <see cref="KubernetesErrors.ToKinsException"/>).
/// </summary>
public static class ApiRetry
{
    /// <summary>A write (merge patch, delete, create) retries this long by default: a few seconds of outage cost time, not the unit.</summary>
    public static readonly TimeSpan WriteBudget = TimeSpan.FromSeconds(30);

    /// <summary>A read retries this long by default: an unreachable cluster is reported within seconds to an interactive user.</summary>
    public static readonly TimeSpan ReadBudget = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    /// <summary>Runs <paramref name="request"/>, retrying what is safe within the budget.</summary>
    /// <param name="budget">The budget to spend; by default <see cref="RetryBudget.Current"/>, else a fresh one for this call.</param>
    public static async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> request, RequestKind kind, CancellationToken cancellationToken, RetryBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        budget ??= RetryBudget.Current ?? new RetryBudget(kind == RequestKind.Idempotent ? ReadBudget : WriteBudget);
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            TimeSpan delay;
            try
            {
                var result = await request(cancellationToken).ConfigureAwait(false);
                if (attempt > 1)
                {
                    // The server is back: whatever else is backing off from it need not wait out its own schedule.
                    budget.Recovery?.Answered();
                }
                return result;
            }
            catch (Exception e) when (IsRetryable(e, kind) && (delay = DelayBefore(attempt + 1, e)) <= budget.Remaining)
            {
            }
            await budget.WaitAsync(delay, cancellationToken).ConfigureAwait(false);
        }
    }

    public static Task ExecuteAsync(Func<CancellationToken, Task> request, RequestKind kind, CancellationToken cancellationToken, RetryBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ExecuteAsync<bool>(async ct => { await request(ct).ConfigureAwait(false); return true; }, kind, cancellationToken, budget);
    }

    public static bool IsRetryable(Exception error, RequestKind kind)
    {
        ArgumentNullException.ThrowIfNull(error);
        var repeatable = kind != RequestKind.NonIdempotent;
        return KubernetesErrors.StatusCode(error) switch
        {
            429 or 503 => true,
            >= 500 => repeatable,
            409 => kind == RequestKind.MergePatch,
            null => repeatable && error is not OperationCanceledException && KubernetesErrors.IsTransportError(error) && !KubernetesErrors.IsTlsError(error),
            _ => false,
        };
    }

    /// <summary>
    /// 200 ms doubling up to 5 s, with ±20 % jitter; never less than the server's Retry-After, which gets up to
    /// 20 % more so that clients told the same second do not all come back in it.
    /// </summary>
    internal static TimeSpan DelayBefore(int attempt, Exception error)
    {
        var exponential = FirstDelay * Math.Pow(2, Math.Min(attempt - 2, 10));
        var capped = exponential > MaxDelay ? MaxDelay : exponential;
#pragma warning disable CA5394 // jitter spreads retries; it needs no cryptographic randomness
        var delay = capped * (0.8 + (Random.Shared.NextDouble() * 0.4));
        if (RetryAfter(error) is { } serverSays && serverSays > TimeSpan.Zero)
        {
            var told = serverSays * (1 + (Random.Shared.NextDouble() * 0.2));
            delay = told > delay ? told : delay;
        }
#pragma warning restore CA5394
        return delay;
    }

    /// <summary>The server's Retry-After (seconds form), if the failure carries one.</summary>
    internal static TimeSpan? RetryAfter(Exception error)
    {
        var value = error switch
        {
            HttpOperationException { Response.Headers: { } headers } =>
                headers.FirstOrDefault(h => string.Equals(h.Key, "Retry-After", StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault(),
            _ => null,
        };
        return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
            ? TimeSpan.FromSeconds(seconds)
            : null;
    }
}
