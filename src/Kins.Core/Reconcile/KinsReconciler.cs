using System.Globalization;
using k8s;
using k8s.Models;
using Kins.Core.Bulk;
using Kins.Core.Connection;
using Kins.Core.Model;
using Kins.Core.Observe;
using Kins.Core.Output;
using Kins.Core.SuperEdge;

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
    private readonly IApiThrottle _throttle;
    private readonly SemaphoreSlim _snapshotGate = new(1, 1);
    private readonly TimeProvider _time;
    private readonly FreshReads _fresh;
    private readonly ClusterWatchOptions? _watchOptions;
    private readonly ClusterWatchSources? _watchSources;
    private ClusterWatch? _watch;
    private ClusterSnapshot? _snapshot;

    /// <param name="connection">The cluster (the emitted units carry its identity).</param>
    /// <param name="throttle">Bounds the API work across a batch; none by default.</param>
    public KinsReconciler(KinsConnection connection, IApiThrottle? throttle = null)
        : this(connection, throttle, null)
    {
    }

    /// <summary>For tests: the watch's timing and, optionally, its sources.</summary>
    internal KinsReconciler(KinsConnection connection, IApiThrottle? throttle, ClusterWatchOptions? watchOptions, ClusterWatchSources? watchSources = null)
    {
        _watchSources = watchSources;
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));
        _throttle = throttle ?? UnboundedApiThrottle.Instance;
        _watchOptions = watchOptions;
        _time = watchOptions?.Informers.Time ?? TimeProvider.System;
        _fresh = new FreshReads(connection, _time);
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
        return reached.Unit is null ? null : Describe(reached);
    }

    /// <summary>The write phase of a level change, inside the throttle: read, check, patch (and describe, without waiting).</summary>
    private async Task<LevelWrite> WriteLevelAsync(string name, AutonomyLevel level, bool wait, Action<string>? onChanged, CancellationToken cancellationToken)
    {
        using var slot = await _throttle.EnterAsync(name, cancellationToken).ConfigureAwait(false);
        using var retries = RetriesIn(slot);
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
        using (var slot = await _throttle.EnterAsync(name, cancellationToken).ConfigureAwait(false))
        using (RetriesIn(slot))
        {
            unit = await ReadAsync(name, wait || force, cancellationToken).ConfigureAwait(false);
            before = await DescribeAsync(unit, cancellationToken).ConfigureAwait(false);
            if (unit.Level != AutonomyLevel.L3)
            {
                if (!force)
                {
                    throw ReconcileErrors.HasEdgeCluster(name, unit.Spec.AutonomyLevel ?? "L3", unit.Metadata.DeletionTimestamp is not null);
                }
                demoted = await ChangeLevelAsync(unit, AutonomyLevel.L3, onChanged, cancellationToken).ConfigureAwait(false);
            }
        }
        if (unit.Level != AutonomyLevel.L3)
        {
            // The teardown in the cloud is what deleting needs; a server pod still ending (its site cut off) may outlive the unit.
            var remaining = (await WaitForLevelAsync(name, AutonomyLevel.L3, demoted?.Metadata.ResourceVersion, timeout, cancellationToken, serverPodsMayRemain: true).ConfigureAwait(false)).Unit;
            if (remaining is null)
            {
                return before;
            }
            unit = remaining;
        }
        if (unit.Metadata.DeletionTimestamp is null)
        {
            using (var slot = await _throttle.EnterAsync(name, cancellationToken).ConfigureAwait(false))
            using (RetriesIn(slot))
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
        using (var slot = await _throttle.EnterAsync(request.Name, cancellationToken).ConfigureAwait(false))
        using (RetriesIn(slot))
        {
            if (promote)
            {
                var (found, missing) = await NodeUnitApi.ReadNodesAsync(_connection, request.Nodes, cancellationToken).ConfigureAwait(false);
                var ready = found.Where(NodeConditions.IsReady).Select(n => n.Metadata.Name).ToList();
                if (ready.Count < request.Level.RequiredServerNodes())
                {
                    throw ReconcileErrors.InsufficientReadyNodes(request.Name, request.Level, ready, [.. request.Nodes.Except(ready).Select(n => missing.Contains(n) ? n + " (no such node)" : n)]);
                }
                // Checked before the unit is created: refused after, it would be left behind at L3.
                var servers = ServerPlacement.Predict(found, ready, request.Level.RequiredServerNodes());
                ThrowIfServersUnschedulable(request.Name, request.Level, found.Where(n => servers.Contains(n.Metadata.Name, StringComparer.Ordinal)));
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
        var takenOver = await WaitVerifiedAsync(request.Name, (u, _) => u is not null && u.Metadata.Finalizers?.Count > 0 && !string.IsNullOrEmpty(u.Status?.ReadyRate),
            timeout, last => ReconcileErrors.Timeout(request.Name, AutonomyLevel.L3, timeout, last), cancellationToken).ConfigureAwait(false);
        if (promote)
        {
            NodeUnit patched;
            using (var slot = await _throttle.EnterAsync(request.Name, cancellationToken).ConfigureAwait(false))
            using (RetriesIn(slot))
            {
                patched = await NodeUnitApi.PatchLevelAsync(_connection, request.Name, request.Level, cancellationToken).ConfigureAwait(false);
            }
            if (!wait)
            {
                return Describe(patched);
            }
            takenOver = await WaitForLevelAsync(request.Name, request.Level, patched.Metadata.ResourceVersion, timeout, cancellationToken).ConfigureAwait(false);
        }
        return takenOver.Unit is null ? Describe(watch.Unit(request.Name) ?? created) : Describe(takenOver);
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
        await CheckServerNodesSchedulableAsync(unit, level, ready, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Refuses, before writing, a promotion whose server site-manager would put on a node the server pod cannot run on.
    /// The unit's labelled servers come from the shared watch when waiting (no request), else from one list narrowed
    /// to them; then only the predicted servers are read, by name: a batch costs no list per unit.
    /// </summary>
    private async Task CheckServerNodesSchedulableAsync(NodeUnit unit, AutonomyLevel level, IReadOnlyList<string> ready, CancellationToken cancellationToken)
    {
        // The labelled servers: from the watch (names only), else listed (whole nodes, not read again below).
        var listed = new List<V1Node>();
        IReadOnlyList<string> labelled;
        if (_watch is { } watch)
        {
            labelled = [.. watch.Snapshot.ObjectsOf(unit.Name).Values.Where(o => o.Kind == ObservedKind.Node).Select(o => o.Name)];
        }
        else
        {
            var selector = ClusterSnapshotLoader.UnitServerNodeSelector(unit.Name);
            var list = await ApiReads.GetOrNullAsync(_connection,
                ct => _connection.Client.CoreV1.ListNodeAsync(labelSelector: selector, cancellationToken: ct), unit.Name, cancellationToken).ConfigureAwait(false);
            listed.AddRange(list?.Items ?? []);
            labelled = [.. listed.Select(n => n.Metadata.Name)];
        }
        var predicted = ServerPlacement.Predict(labelled, ready, level.RequiredServerNodes());
        var inHand = listed.Where(n => predicted.Contains(n.Metadata.Name, StringComparer.Ordinal)).ToList();
        var toRead = predicted.Except(inHand.Select(n => n.Metadata.Name), StringComparer.Ordinal);
        var (read, _) = await NodeUnitApi.ReadNodesAsync(_connection, toRead, cancellationToken).ConfigureAwait(false);
        var servers = inHand.Concat(read);
        ThrowIfServersUnschedulable(unit.Name, level, servers);
    }

    private static void ThrowIfServersUnschedulable(string unit, AutonomyLevel level, IEnumerable<V1Node> servers)
    {
        if (ServerPlacement.Blocked(servers) is { Count: > 0 } blocked)
        {
            throw ReconcileErrors.ServerNodeUnschedulable(unit, level, blocked);
        }
    }

    /// <summary>Waits until the unit reaches the level; a Failed state counts only once site-manager has seen our change.</summary>
    private async Task<Verified> WaitForLevelAsync(string name, AutonomyLevel level, string? changedAt, TimeSpan timeout, CancellationToken cancellationToken,
        bool serverPodsMayRemain = false)
    {
        var watch = _watch ?? throw new InvalidOperationException("Waiting needs the cluster watch; read the unit with wait enabled first.");
        if (level == AutonomyLevel.L3 && !serverPodsMayRemain)
        {
            // Standard needs the server pods gone too: they join the snapshot before the wait judges anything.
            await watch.WatchServerPodsAsync(cancellationToken).ConfigureAwait(false);
        }
        return await WaitVerifiedAsync(name, LevelReached(name, level, changedAt, serverPodsMayRemain), timeout, last => ReconcileErrors.Timeout(name, level, timeout, last), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether the unit reached the level (true), is on its way (false), or failed (throws).</summary>
    private static Judgement LevelReached(string name, AutonomyLevel level, string? changedAt, bool serverPodsMayRemain) => (unit, observe) =>
    {
        if (unit is null)
        {
            // Demotion released a unit that was being deleted: it is gone, which is what L3 means for it.
            return level == AutonomyLevel.L3 ? true : throw ReconcileErrors.Vanished(name);
        }
        var observation = observe(unit);
        return observation.State switch
        {
            KinsState.Ready => level.HasEdgeCluster() && unit.Level == level,
            KinsState.Standard => level == AutonomyLevel.L3,
            KinsState.Demoting when serverPodsMayRemain && observation.OnlyServerPodsRemain => level == AutonomyLevel.L3,
            KinsState.Failed when IsNewer(unit.Metadata.ResourceVersion, changedAt) => throw ReconcileErrors.PromotionFailed(name, level, observation),
            KinsState.Deleting when level.HasEdgeCluster() => throw ReconcileErrors.Deleting(name, unit.Metadata.DeletionTimestamp),
            _ => false,
        };
    };

    private Task<Verified> WaitGoneAsync(string name, TimeSpan timeout, CancellationToken cancellationToken) =>
        WaitVerifiedAsync(name, (unit, _) => unit is null, timeout, _ => ReconcileErrors.DeletionTimeout(name, timeout), cancellationToken);

    /// <summary>
    /// Waits on the shared watch until <paramref name="judge"/> holds. Nothing is reported from the watch's cached view
    /// alone: before a timeout or a failure is reported the unit is read once more from the server, and a unit that
    /// reached its goal is reported as reached. A failure the fresh read does not confirm was stale: waiting goes on.
    /// A lost server ends the wait with the cause and the last state seen.
    /// </summary>
    private async Task<Verified> WaitVerifiedAsync(string name, Judgement judge, TimeSpan timeout, Func<string, Exception> onTimeout,
        CancellationToken cancellationToken)
    {
        var watch = _watch!;
        var started = _time.GetTimestamp();
        string? staleUpTo = null;
        while (true)
        {
            var remaining = timeout - _time.GetElapsedTime(started);
            try
            {
                return new Verified(await watch.WaitAsync(name, unit => JudgeCached(judge, unit, watch, staleUpTo), remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero,
                    cancellationToken).ConfigureAwait(false), null);
            }
            catch (TimeoutException)
            {
                var fresh = await _fresh.TryReadAsync(name, cancellationToken).ConfigureAwait(false);
                if (fresh is not null && fresh.Judge(judge))
                {
                    return new Verified(fresh.Unit, fresh);
                }
                throw onTimeout(fresh?.Describe() ?? "its current state could not be read from the server.");
            }
            catch (CachedVerdict verdict)
            {
                var fresh = await _fresh.TryReadAsync(name, cancellationToken).ConfigureAwait(false);
                if (fresh is null)
                {
                    throw verdict.Failure;
                }
                if (fresh.Judge(judge))
                {
                    return new Verified(fresh.Unit, fresh);
                }
                // The server no longer shows the failure: it was a stale view; judge only newer versions from now on.
                staleUpTo = fresh.Unit?.Metadata.ResourceVersion;
            }
            catch (ClusterLostException lost)
            {
                var fresh = await _fresh.TryReadAsync(name, cancellationToken).ConfigureAwait(false);
                if (fresh is not null && fresh.Judge(judge))
                {
                    return new Verified(fresh.Unit, fresh);
                }
                var seen = fresh is not null ? "Read just now, " + fresh.Describe()
                    : watch.Unit(name) is { } last ? $"Last seen on the watch, it was {watch.Observe(last).State}: {watch.Observe(last).Reason}"
                    : "It was never seen on the watch.";
                throw ReconcileErrors.ClusterLost(name, _connection, lost, seen);
            }
        }
    }

    /// <summary>Judges the watch's view; a failure it shows is only a verdict to check with the server.</summary>
    private static bool JudgeCached(Judgement judge, NodeUnit? unit, ClusterWatch watch, string? staleUpTo)
    {
        try
        {
            return judge(unit, watch.Observe);
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            if (staleUpTo is not null && !IsNewer(unit?.Metadata.ResourceVersion, staleUpTo))
            {
                return false;
            }
            throw new CachedVerdict(failure);
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
                _watch ??= new ClusterWatch(_watchSources ?? ClusterWatchSources.For(_connection.Client), _connection, _watchOptions);
            }
            finally
            {
                _snapshotGate.Release();
            }
        }
        await _watch.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Describes a waited-for unit against the view that decided it: a fresh read's objects, or the watch's.</summary>
    private NodeUnitInfo Describe(Verified verified) =>
        verified.Fresh is { Unit: { } unit } fresh
            ? new NodeUnitInfo(unit, fresh.Observation!, _connection)
            : Describe(verified.Unit!);

    private NodeUnitInfo Describe(NodeUnit unit) =>
        new(unit, _watch!.Observe(unit), _connection);

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
        return new NodeUnitInfo(unit, KinsObserver.Observe(unit, _snapshot), _connection);
    }

    /// <summary>
    /// The unit's retries while it holds <paramref name="slot"/>: a write budget (a few seconds of outage cost time, not
    /// the unit) whose backoffs free the slot for other units and take one again before the next attempt.
    /// </summary>
    private IDisposable RetriesIn(IApiSlot slot) => new RetryBudget(ApiRetry.WriteBudget, _time) { Pause = slot.PauseAsync, Recovery = _connection.Recovery }.Enter();

    /// <summary>What a wait ended with: the unit (null when gone), and the fresh read that decided it, if one did.</summary>
    private sealed record Verified(NodeUnit? Unit, FreshState? Fresh);

    /// <summary>Thrown out of a waiter when the watch's view shows a failure, so it can be checked with the server first.</summary>
    private sealed class CachedVerdict(Exception failure) : Exception(failure.Message, failure)
    {
        public Exception Failure { get; } = failure;
    }

    private static bool IsNewer(string? version, string? than) =>
        than is null
        || (long.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && long.TryParse(than, NumberStyles.None, CultureInfo.InvariantCulture, out var t)
            ? v > t
            : version != than);
}
