using System.Runtime.CompilerServices;
using Kins.Core.Connection;
using Kins.Core.Errors;
using Kins.Core.Model;
using Kins.Core.Observe;
using Kins.Core.Output;

namespace Kins.Core.NodeUnits;

/// <summary>One answer of a NodeUnit query: a unit, or the error for a name that matched nothing.</summary>
public sealed record NodeUnitQueryResult(NodeUnitInfo? Unit, KinsException? Error);

/// <summary>
/// Get-NodeUnit's logic: exact names by field selector, patterns over the paged list, every unit observed
/// against one cluster snapshot (a constant number of list calls however many units there are).
/// </summary>
public sealed class NodeUnitQuery
{
    private readonly KinsConnection _connection;
    private readonly HashSet<string> _emitted = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Task<NodeHeartbeats>> _unitHeartbeats = new(StringComparer.Ordinal);
    private Task<ClusterSnapshot>? _snapshot;
    private Task<NodeHeartbeats>? _fleetHeartbeats;

    // Named units are judged from their own nodes' heartbeats (a selected list and a Lease each), so that
    // Get-NodeUnit shop-042 does not list every Node of the fleet; past this many names one fleet read is cheaper.
    private const int UnitHeartbeatReads = 20;

    public NodeUnitQuery(KinsConnection connection)
    {
        _connection = connection;
    }

    public async IAsyncEnumerable<NodeUnitQueryResult> RunAsync(NodeUnitFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.HasPatterns || filter.IsAll)
        {
            // A list will follow: read what observing needs meanwhile, so a fleet of 10,000 costs its longest list,
            // not the sum of them.
            StartLoading(cancellationToken);
        }
        foreach (var name in filter.ExactNames)
        {
            _ = HeartbeatsOf(name, cancellationToken); // loading while the units are read
        }
        foreach (var name in filter.ExactNames)
        {
            var unit = await NodeUnitReader.FindAsync(_connection, name, filter.LabelSelector, cancellationToken).ConfigureAwait(false);
            if (unit is null)
            {
                // Excluded by -Selector is not "missing": only a unit that does not exist at all is an error.
                var exists = filter.LabelSelector is not null
                    && await NodeUnitReader.FindAsync(_connection, name, null, cancellationToken).ConfigureAwait(false) is not null;
                if (!exists)
                {
                    yield return new NodeUnitQueryResult(null, NodeUnitReader.NotFound(_connection, name));
                }
                continue;
            }
            if (filter.Accepts(unit) && _emitted.Add(unit.Name))
            {
                yield return new NodeUnitQueryResult(await ObserveAsync(unit, cancellationToken).ConfigureAwait(false), null);
            }
        }
        if (filter.HasPatterns || filter.IsAll)
        {
            await foreach (var unit in NodeUnitReader.ListAsync(_connection, filter, cancellationToken).ConfigureAwait(false))
            {
                if (_emitted.Add(unit.Name))
                {
                    yield return new NodeUnitQueryResult(await ObserveAsync(unit, cancellationToken).ConfigureAwait(false), null);
                }
            }
        }
    }

    /// <summary>Observes one unit against the snapshot, loading the snapshot on first use.</summary>
    internal async Task<NodeUnitInfo> ObserveAsync(NodeUnit unit, CancellationToken cancellationToken)
    {
        _snapshot ??= Observed(ClusterSnapshotLoader.LoadAsync(_connection, cancellationToken));
        var heartbeatsLoad = HeartbeatsOf(unit.Name, cancellationToken);
        var snapshot = await _snapshot.ConfigureAwait(false);
        var heartbeats = await heartbeatsLoad.ConfigureAwait(false);
        var observation = NodeHealthRule.Apply(unit.Name, KinsObserver.Observe(unit, snapshot), heartbeats);
        return new NodeUnitInfo(unit, observation, _connection);
    }

    /// <summary>Starts the cluster snapshot and the fleet's heartbeats side by side, once.</summary>
    private void StartLoading(CancellationToken cancellationToken)
    {
        _snapshot ??= Observed(ClusterSnapshotLoader.LoadAsync(_connection, cancellationToken));
        _fleetHeartbeats ??= Observed(NodeHeartbeats.LoadAsync(_connection, cancellationToken));
    }

    /// <summary>The heartbeats that judge <paramref name="unit"/>: the fleet's once read, else the unit's own while few are asked for.</summary>
    private Task<NodeHeartbeats> HeartbeatsOf(string unit, CancellationToken cancellationToken)
    {
        if (_fleetHeartbeats is not null)
        {
            return _fleetHeartbeats;
        }
        if (_unitHeartbeats.TryGetValue(unit, out var own))
        {
            return own;
        }
        if (_unitHeartbeats.Count < UnitHeartbeatReads)
        {
            return _unitHeartbeats[unit] = Observed(NodeHeartbeats.LoadForUnitAsync(_connection, unit, cancellationToken));
        }
        return _fleetHeartbeats = Observed(NodeHeartbeats.LoadAsync(_connection, cancellationToken));
    }

    // A query that ends before it observes anything (no unit matched, an error) never awaits these: their failure
    // must not surface later as an unobserved task exception.
    private static Task<T> Observed<T>(Task<T> task)
    {
        _ = task.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return task;
    }
}
