namespace Kins.Core.Watching;

/// <summary>The timing of an <see cref="Informer{T}"/>, after client-go's reflector. Tests replace the clock and the randomness.</summary>
internal sealed record InformerOptions
{
    public static InformerOptions Default { get; } = new();

    /// <summary>Every watch asks the server to end it after a random time between this and twice this, so watchers do not reconnect in lockstep.</summary>
    public TimeSpan MinWatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A watch that delivers nothing (no event, no bookmark) for this long is dead (half-open connection, stuck proxy)
    /// and is replaced. API servers send a bookmark on a quiet watch about every minute, the sandbox every 10 s.
    /// </summary>
    public TimeSpan StallAfter { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>A watch that ends this soon after opening without delivering anything counts as a failure (client-go's VeryShortWatchError).</summary>
    public TimeSpan VeryShortWatch { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(10);

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Ends a backoff early when the server answers another request again; null: backoffs run their course.</summary>
    public Kins.Core.Connection.ServerRecovery? Recovery { get; init; }

    public Random Random { get; init; } = Random.Shared;
}
