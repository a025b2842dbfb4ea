using System.Globalization;
using Kins.Core.Bulk;
using Kins.Core.Connection;
using Kins.Core.Model;
using Kins.Core.Observe;
using Kins.Core.Output;

namespace Kins.Core.Reconcile;

/// <summary>
/// Reconcile: moves units to a level, removes and creates them, and waits by watching. One instance serves a whole
/// batch against one cluster: per unit at most a read and a write, and one shared set of watches for every unit
/// being waited on. Each operation has a write phase (reads and writes, inside the <see cref="IApiThrottle"/>) and a
/// wait phase (on the shared watch, holding no slot), so a batch's waiting is not bounded by its API throttle.
/// Thread-safe; callable from C# as from the cmdlets.
/// </summary>
public sealed class KinsReconciler : IAsyncDisposable
{
    private readonly KinsConnection _connection;
    private readonly string? _kubeconfig;
    private readonly IApiThrottle _throttle;
    private readonly SemaphoreSlim _snapshotGate = new(1, 1);
    private ClusterWatch? _watch;
    private ClusterSnapshot? _snapshot;

    /// <param name="connection">The cluster.</param>
    /// <param name="kubeconfig">The kubeconfig path the emitted units carry.</param>
    /// <param name="throttle">Bounds the API work across a batch; none by default.</param>
    public KinsReconciler(KinsConnection connection, string? kubeconfig = null, IApiThrottle? throttle = null)
    {
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));
        _kubeconfig = kubeconfig;
        _throttle = throttle ?? UnboundedApiThrottle.Instance;
    }

    public KinsConnection Connection => _connection;

    /// <summary>The exact merge patch a level change sends now: the level and Kins' change-time annotation.</summary>
    public static string LevelPatch(AutonomyLevel level) => NodeUnitApi.LevelPatch(level, TimeProvider.System.GetUtcNow());

    /// <summary>
    /// Moves a unit to <paramref name="level"/> with a merge patch of spec.autonomyLevel (no write when it is already there),
    /// after checking it can: not Deleting when promoting, enough ready nodes for L4 (1) or L5 (3).
    /// With <paramref name="wait"/>, returns once the unit is Ready (L4/L5) or Standard (L3), or fails with site-manager's message.
    /// Returns the refreshed unit, or null when a demotion released a unit that was being deleted.
    /// </summary>
    public async Task<NodeUnitInfo?> SetLevelAsync(string name, AutonomyLevel level, bool wait, TimeSpan timeout, Action<string>? onChanged, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (wait)
        {
            await EnsureWatchAsync(cancellationToken).ConfigureAwait(false);
        }
        var written = await WriteLevelAsync(name, level, wait, onChanged, cancellationToken).ConfigureAwait(false);
        if (!wait)
        {
            return written.Described;
        }
        var reached = await WaitForLevelAsync(name, level, written.PatchedVersion, timeout, cancellationToken).ConfigureAwait(false);
        return reached is null ? null : Describe(reached);
    }

    /// <summary>The write phase of a level change, inside the throttle: read, check, patch (and describe, without waiting).</summary>
    private async Task<LevelWrite> WriteLevelAsync(string name, AutonomyLevel level, bool wait, Action<string>? onChanged, CancellationToken cancellationToken)
    {
        using var slot = await _throttle.EnterAsync(name, cancellationToken).ConfigureAwait(false);
        var unit = await ReadAsync(name, wait, cancellationToken).ConfigureAwait(false);
        var patched = await ChangeLevelAsync(unit, level, onChanged, cancellationToken).ConfigureAwait(false);
        var described = wait ? null : await DescribeAsync(patched ?? unit, cancellationToken).ConfigureAwait(false);
        return new LevelWrite(patched?.Metadata.ResourceVersion, described);
    }

    /// <summary>What the write phase leaves for the wait phase: the version our patch produced (null: nothing written).</summary>
    private sealed record LevelWrite(string? PatchedVersion, NodeUnitInfo? Described);

    /// <summary>
    /// Deletes a unit safely. An L4/L5 unit is refused (NodeUnitHasEdgeCluster, nothing changed) unless <paramref name="force"/>,
    /// which demotes it, waits for the teardown, then deletes it. A unit stuck in Deleting is repaired the same way.
    /// With <paramref name="wait"/>, returns once the object is gone. Returns the unit as it was before deletion.
    /// </summary>
    public async Task<NodeUnitInfo> RemoveAsync(string name, bool force, bool wait, TimeSpan timeout, Action<string>? onChanged, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (wait || force)
        {
            await EnsureWatchAsync(cancellationToken).ConfigureAwait(false);
        }
        NodeUnit unit;
        NodeUnitInfo before;
        NodeUnit? demoted = null;
        using (await _throttle.EnterAsync(name, cancellationToken).ConfigureAwait(false))
        {
            unit = await ReadAsync(name, wait || force, cancellationToken).ConfigureAwait(false);
            before = await DescribeAsync(unit, cancellationToken).ConfigureAwait(false);
            if (unit.Level != AutonomyLevel.L3)
            {
                if (!force)
                {
                    throw ReconcileErrors.HasEdgeCluster(name, before.AutonomyLevel, unit.Metadata.DeletionTimestamp is not null);
                }
                demoted = await ChangeLevelAsync(unit, AutonomyLevel.L3, onChanged, cancellationToken).ConfigureAwait(false);
            }
        }
        if (unit.Level != AutonomyLevel.L3)
        {
            var remaining = await WaitForLevelAsync(name, AutonomyLevel.L3, demoted?.Metadata.ResourceVersion, timeout, cancellationToken).ConfigureAwait(false);
            if (remaining is null)
            {
                return before;
            }
            unit = remaining;
        }
        if (unit.Metadata.DeletionTimestamp is null)
        {
            using (await _throttle.EnterAsync(name, cancellationToken).ConfigureAwait(false))
            {
                if (await NodeUnitApi.DeleteAsync(_connection, name, cancellationToken).ConfigureAwait(false))
                {
                    onChanged?.Invoke(name);
                }
            }
        }
        if (wait)
        {
            await WaitGoneAsync(name, timeout, cancellationToken).ConfigureAwait(false);
        }
        return before;
    }

    /// <summary>
    /// Creates a unit. L4/L5 goes through the promotion checks first (name, ready nodes), and is made as site-manager
    /// v0.9 needs it (SITE-MANAGER.md, flaw 2): created at L3, then, once site-manager has written status.readyRate
    /// (its readyNodes are where it picks servers from), promoted with a merge patch. Created directly at L4/L5 it
    /// would always fail its first pass with "Insufficient Ready Node".
    /// With <paramref name="wait"/>, returns once site-manager has taken it over (finalizer and status), and for L4/L5 once it is Ready.
    /// </summary>
    public Task<NodeUnitInfo> CreateAsync(NewNodeUnit request, bool wait, TimeSpan timeout, CancellationToken cancellationToken) =>
        CreateAsync(request, wait, timeout, null, cancellationToken);

    /// <inheritdoc cref="CreateAsync(NewNodeUnit, bool, TimeSpan, CancellationToken)"/>
    /// <param name="onChanged">Called with the unit's name once it was created.</param>
    public async Task<NodeUnitInfo> CreateAsync(NewNodeUnit request, bool wait, TimeSpan timeout, Action<string>? onChanged, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var promote = request.Level.HasEdgeCluster();
        if (wait || promote)
        {
            await EnsureWatchAsync(cancellationToken).ConfigureAwait(false);
        }
        NodeUnit created;
        using (await _throttle.EnterAsync(request.Name, cancellationToken).ConfigureAwait(false))
        {
            if (promote)
            {
                var (ready, missing) = await NodeUnitApi.ReadyNodesAsync(_connection, request.Nodes, cancellationToken).ConfigureAwait(false);
                if (ready.Count < request.Level.RequiredServerNodes())
                {
                    throw ReconcileErrors.InsufficientReadyNodes(request.Name, request.Level, ready, [.. request.Nodes.Except(ready).Select(n => missing.Contains(n) ? n + " (no such node)" : n)]);
                }
            }
            created = await NodeUnitApi.CreateAsync(_connection, request.ToNodeUnit(), cancellationToken).ConfigureAwait(false);
            onChanged?.Invoke(request.Name);
            if (!wait && !promote)
            {
                return await DescribeAsync(created, cancellationToken).ConfigureAwait(false);
            }
        }
        var watch = _watch!;
        // Until the watch delivers the new unit it is simply not seen yet; absence is not a deletion here.
        var takenOver = await WaitOrTimeoutAsync(request.Name,
            u => u is not null && u.Metadata.Finalizers?.Count > 0 && !string.IsNullOrEmpty(u.Status?.ReadyRate),
            timeout, () => ReconcileErrors.Timeout(request.Name, AutonomyLevel.L3, timeout, null), cancellationToken).ConfigureAwait(false);
        if (promote)
        {
            NodeUnit patched;
            using (await _throttle.EnterAsync(request.Name, cancellationToken).ConfigureAwait(false))
            {
                patched = await NodeUnitApi.PatchLevelAsync(_connection, request.Name, request.Level, cancellationToken).ConfigureAwait(false);
            }
            if (!wait)
            {
                return Describe(patched);
            }
            takenOver = await WaitForLevelAsync(request.Name, request.Level, patched.Metadata.ResourceVersion, timeout, cancellationToken).ConfigureAwait(false);
        }
        return Describe(takenOver ?? watch.Unit(request.Name) ?? created);
    }

    public async ValueTask DisposeAsync()
    {
        if (_watch is not null)
        {
            await _watch.DisposeAsync().ConfigureAwait(false);
        }
        _snapshotGate.Dispose();
    }

    /// <summary>Checks the change and sends it; returns the patched unit, or null when it was already at that level.</summary>
    private async Task<NodeUnit?> ChangeLevelAsync(NodeUnit unit, AutonomyLevel level, Action<string>? onChanged, CancellationToken cancellationToken)
    {
        // Exact comparison, as site-manager's: "l4" or "L4 " is rewritten as "L4"; an absent level is the default L3.
        if (unit.Spec.AutonomyLevel == level.ToSpecValue() || (level == AutonomyLevel.L3 && unit.Spec.AutonomyLevel is null))
        {
            return null;
        }
        if (level.HasEdgeCluster())
        {
            // A name site-manager could never promote would leave a Failed unit (or none at all) behind: refuse before writing.
            if (Kins.Core.SuperEdge.NodeUnitNameRules.Check(unit.Name, level) is { } violation)
            {
                throw violation.ToException(unit.Name);
            }
            if (unit.Metadata.DeletionTimestamp is { } deleting)
            {
                throw ReconcileErrors.Deleting(unit.Name, deleting);
            }
            await CheckReadyNodesAsync(unit, level, cancellationToken).ConfigureAwait(false);
        }
        var patched = await NodeUnitApi.PatchLevelAsync(_connection, unit.Name, level, cancellationToken).ConfigureAwait(false);
        onChanged?.Invoke(unit.Name);
        return patched;
    }

    private async Task CheckReadyNodesAsync(NodeUnit unit, AutonomyLevel level, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> ready;
        IReadOnlyList<string> notReady;
        if (unit.Status?.ReadyNodes is not null || unit.Status?.NotReadyNodes is not null)
        {
            ready = [.. unit.Status.ReadyNodes ?? []];
            notReady = [.. unit.Status.NotReadyNodes ?? []];
        }
        else
        {
            // site-manager has not reported the unit's nodes yet: ask the nodes themselves.
            var nodes = unit.Spec.Nodes ?? [];
            var (readyNodes, _) = await NodeUnitApi.ReadyNodesAsync(_connection, nodes, cancellationToken).ConfigureAwait(false);
            ready = readyNodes;
            notReady = [.. nodes.Except(readyNodes)];
        }
        if (ready.Count < level.RequiredServerNodes())
        {
            throw ReconcileErrors.InsufficientReadyNodes(unit.Name, level, ready, notReady);
        }
    }

    /// <summary>Waits until the unit reaches the level; a Failed state counts only once site-manager has seen our change.</summary>
    private Task<NodeUnit?> WaitForLevelAsync(string name, AutonomyLevel level, string? changedAt, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var watch = _watch ?? throw new InvalidOperationException("Waiting needs the cluster watch; read the unit with wait enabled first.");
        return WaitOrTimeoutAsync(name, unit =>
        {
            if (unit is null)
            {
                // Demotion released a unit that was being deleted: it is gone, which is what L3 means for it.
                return level == AutonomyLevel.L3 ? true : throw ReconcileErrors.Vanished(name);
            }
            var observation = watch.Observe(unit);
            return observation.State switch
            {
                KinsState.Ready => level.HasEdgeCluster() && unit.Level == level,
                KinsState.Standard => level == AutonomyLevel.L3,
                KinsState.Failed when IsNewer(unit.Metadata.ResourceVersion, changedAt) => throw ReconcileErrors.PromotionFailed(name, level, observation),
                KinsState.Deleting when level.HasEdgeCluster() => throw ReconcileErrors.Deleting(name, unit.Metadata.DeletionTimestamp),
                _ => false,
            };
        }, timeout, () => ReconcileErrors.Timeout(name, level, timeout, watch.Unit(name) is { } last ? watch.Observe(last) : null), cancellationToken);
    }

    private Task<NodeUnit?> WaitGoneAsync(string name, TimeSpan timeout, CancellationToken cancellationToken) =>
        WaitOrTimeoutAsync(name, unit => unit is null, timeout, () => ReconcileErrors.DeletionTimeout(name, timeout), cancellationToken);

    private async Task<NodeUnit?> WaitOrTimeoutAsync(string name, Func<NodeUnit?, bool> done, TimeSpan timeout, Func<Exception> onTimeout, CancellationToken cancellationToken)
    {
        try
        {
            return await _watch!.WaitAsync(name, done, timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw onTimeout();
        }
    }

    /// <summary>The unit: from the shared watch when waiting (one list serves the whole batch), else by a single GET.</summary>
    private async Task<NodeUnit> ReadAsync(string name, bool wait, CancellationToken cancellationToken)
    {
        if (wait)
        {
            await EnsureWatchAsync(cancellationToken).ConfigureAwait(false);
            if (_watch!.Unit(name) is { } seen)
            {
                return seen;
            }
        }
        return await NodeUnitApi.GetAsync(_connection, name, cancellationToken).ConfigureAwait(false);
    }

    private async Task EnsureWatchAsync(CancellationToken cancellationToken)
    {
        if (_watch is null)
        {
            await _snapshotGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                _watch ??= new ClusterWatch(_connection);
            }
            finally
            {
                _snapshotGate.Release();
            }
        }
        await _watch.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    private NodeUnitInfo Describe(NodeUnit unit) =>
        new(unit, _watch!.Observe(unit), _connection.ContextName, _kubeconfig);

    /// <summary>Observes a unit without waiting: against the watch when there is one, else a snapshot loaded once for the batch.</summary>
    private async Task<NodeUnitInfo> DescribeAsync(NodeUnit unit, CancellationToken cancellationToken)
    {
        if (_watch is not null)
        {
            return Describe(unit);
        }
        if (_snapshot is null)
        {
            await _snapshotGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                _snapshot ??= await ClusterSnapshotLoader.LoadAsync(_connection, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _snapshotGate.Release();
            }
        }
        return new NodeUnitInfo(unit, KinsObserver.Observe(unit, _snapshot), _connection.ContextName, _kubeconfig);
    }

    private static bool IsNewer(string? version, string? than) =>
        than is null
        || (long.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && long.TryParse(than, NumberStyles.None, CultureInfo.InvariantCulture, out var t)
            ? v > t
            : version != than);
}
