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
/// and merge patches, 409 for merge patches. Honours Retry-After and the cancellation token; the last
/// failure is rethrown unchanged (map it with <see cref="KubernetesErrors.ToKinsException"/>).
/// </summary>
public static class ApiRetry
{
    public const int DefaultMaxAttempts = 5;
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    public static async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> request, RequestKind kind, CancellationToken cancellationToken, int maxAttempts = DefaultMaxAttempts)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return await request(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (attempt < maxAttempts && IsRetryable(e, kind))
            {
                await Task.Delay(DelayBefore(attempt + 1, e), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public static Task ExecuteAsync(Func<CancellationToken, Task> request, RequestKind kind, CancellationToken cancellationToken, int maxAttempts = DefaultMaxAttempts)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ExecuteAsync<bool>(async ct => { await request(ct).ConfigureAwait(false); return true; }, kind, cancellationToken, maxAttempts);
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

    /// <summary>Retry-After when the server sent one (capped), else 200 ms doubling up to 5 s, with ±20 % jitter.</summary>
    internal static TimeSpan DelayBefore(int attempt, Exception error)
    {
        if (RetryAfter(error) is { } serverSays)
        {
            return serverSays > MaxDelay ? MaxDelay : serverSays;
        }
        var exponential = FirstDelay * Math.Pow(2, Math.Min(attempt - 2, 10));
        var capped = exponential > MaxDelay ? MaxDelay : exponential;
#pragma warning disable CA5394 // jitter spreads retries; it needs no cryptographic randomness
        return capped * (0.8 + (Random.Shared.NextDouble() * 0.4));
#pragma warning restore CA5394
    }

    private static TimeSpan? RetryAfter(Exception error)
    {
        if (error is not HttpOperationException { Response.Headers: { } headers })
        {
            return null;
        }
        var value = headers.FirstOrDefault(h => string.Equals(h.Key, "Retry-After", StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
        return int.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
            ? TimeSpan.FromSeconds(seconds)
            : null;
    }
}
