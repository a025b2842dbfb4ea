using Kins.Core.Connection;
using Kins.Core.Model;
using Kins.Core.NodeUnits;
using Kins.Core.Observe;

namespace Kins.Core.Reconcile;

/// <summary>Judges a unit: true when it reached the goal, false while it is on its way; throws when it failed.</summary>
/// <param name="unit">The unit, or null when it does not exist.</param>
/// <param name="observe">Observes the unit against the objects of the same view (the watch's, or a fresh read's).</param>
internal delegate bool Judgement(NodeUnit? unit, Func<NodeUnit, KinsObservation> observe);

/// <summary>A unit and the objects Observe needs, read from the server just now.</summary>
internal sealed record FreshState(NodeUnit? Unit, ClusterSnapshot Snapshot)
{
    public KinsObservation? Observation => Unit is null ? null : KinsObserver.Observe(Unit, Snapshot);

    public bool Judge(Judgement judge) => judge(Unit, unit => KinsObserver.Observe(unit, Snapshot));

    /// <summary>"it is Promoting: …", for messages.</summary>
    public string Describe() => Observation is { } now ? $"it is {now.State}: {now.Reason}" : "it does not exist.";
}

/// <summary>
/// Reads a unit's state straight from the server (a GET of the unit and the label-selected lists Observe needs)
/// before anything is reported from the watch's cached view. Units that time out together share one set of lists.
/// </summary>
internal sealed class FreshReads(KinsConnection connection, TimeProvider time)
{
    /// <summary>Lists started this recently serve a later reader too: they began after its wait was already over.</summary>
    private static readonly TimeSpan Shared = TimeSpan.FromSeconds(2);
    private readonly object _gate = new();
    private Task<ClusterSnapshot>? _load;
    private long _loadStarted;

    public async Task<FreshState> ReadAsync(string name, CancellationToken cancellationToken)
    {
        var snapshot = SnapshotAsync(cancellationToken);
        var unit = await NodeUnitReader.FindAsync(connection, name, null, cancellationToken).ConfigureAwait(false);
        return new FreshState(unit, await snapshot.ConfigureAwait(false));
    }

    /// <summary>As <see cref="ReadAsync"/>, or null when the server cannot be read.</summary>
    public async Task<FreshState?> TryReadAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private Task<ClusterSnapshot> SnapshotAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_load is null || _load.IsFaulted || _load.IsCanceled || time.GetElapsedTime(_loadStarted) > Shared)
            {
                _loadStarted = time.GetTimestamp();
                // Not the caller's token: other readers may share this load.
                _load = ClusterSnapshotLoader.LoadAsync(connection, CancellationToken.None);
            }
            return _load.WaitAsync(cancellationToken);
        }
    }
}
