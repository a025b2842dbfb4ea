using System.Globalization;
using System.Text.Json.Nodes;

namespace Kins.Sandbox.Store;

/// <summary>
/// The kubelets' node heartbeats: a <c>coordination.k8s.io/v1</c> Lease per node in <c>kube-node-lease</c>, renewed
/// every interval (10 s, as the kubelet does) and owned by its Node. Renewal can be paused per node, to rehearse a
/// site whose kubelets stop reporting; a paused lease ages until <c>leaseDurationSeconds</c> says it is stale.
/// </summary>
internal sealed class NodeLeases : IAsyncDisposable
{
    public const string Namespace = "kube-node-lease";
    public const string Manager = "kubelet";
    private const int LeaseDurationSeconds = 40;
    private readonly ObjectStore _store;
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly object _gate = new();
    private readonly HashSet<string> _paused = new(StringComparer.Ordinal);
    private int _renewing;

    private readonly StoreSubscription _nodes;
    private readonly Task _newNodes;

    public NodeLeases(ObjectStore store, TimeProvider time, TimeSpan interval)
    {
        _store = store;
        _time = time;
        _timer = time.CreateTimer(_ => RenewAll(), null, TimeSpan.Zero, interval);
        (_, _nodes) = store.Watch(BuiltinResources.Nodes, null, store.CurrentResourceVersion);
        _newNodes = Task.Run(LeaseNewNodesAsync);
    }

    // A node that registers gets its lease at once, as a kubelet's first heartbeat follows its registration.
    private async Task LeaseNewNodesAsync()
    {
        await foreach (var e in _nodes.Reader.ReadAllAsync())
        {
            if (e.Type == StoreEvent.Added && !IsPaused(e.Object.Name) && _store.NamespaceExists(Namespace))
            {
                try { Renew(e.Object); } catch (ApiException) { /* renewed next round */ }
            }
        }
    }

    /// <summary>Stops renewing <paramref name="node"/>'s lease (its kubelet is cut off).</summary>
    public void Pause(string node)
    {
        lock (_gate) { _paused.Add(node); }
    }

    public void Resume(string node)
    {
        lock (_gate) { _paused.Remove(node); }
        RenewAll();
    }

    public bool IsPaused(string node)
    {
        lock (_gate) { return _paused.Contains(node); }
    }

    /// <summary>
    /// One renewal round: every node's lease that is not paused, created when missing; leases of deleted nodes go.
    /// Rounds never overlap (a round of thousands of nodes on a busy machine can outlast the interval: the next one
    /// is skipped, not run beside it to conflict), and one lease's failure never costs the others their renewal:
    /// either would leave healthy nodes silent and have the node monitor mark them Unknown.
    /// </summary>
    public void RenewAll()
    {
        if (Interlocked.Exchange(ref _renewing, 1) == 1)
        {
            return;
        }
        try
        {
            if (!_store.NamespaceExists(Namespace))
            {
                return;
            }
            var nodes = _store.List(BuiltinResources.Nodes, null, LabelSelector.Everything, FieldSelector.Everything).Items;
            var names = nodes.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var node in nodes.Where(n => !IsPaused(n.Name)))
            {
                try { Renew(node); } catch (ApiException) { /* a conflict or a node going away: renewed next round */ }
            }
            foreach (var stale in _store.List(BuiltinResources.Leases, Namespace, LabelSelector.Everything, FieldSelector.Everything).Items.Where(l => !names.Contains(l.Name)))
            {
                try { _store.Delete(BuiltinResources.Leases, Namespace, stale.Name); } catch (ApiException) { /* gone already */ }
            }
        }
        catch (ApiException)
        {
            // The namespace going away: the next round renews.
        }
        finally
        {
            Volatile.Write(ref _renewing, 0);
        }
    }

    private void Renew(StoredObject node)
    {
        var now = _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        var context = new WriteContext(BuiltinResources.Leases) { FieldManager = Manager };
        var current = _store.Get(BuiltinResources.Leases, Namespace, node.Name);
        if (current is null)
        {
            try
            {
                _store.Create(context, new JsonObject
                {
                    ["apiVersion"] = "coordination.k8s.io/v1",
                    ["kind"] = "Lease",
                    ["metadata"] = new JsonObject
                    {
                        ["name"] = node.Name,
                        ["namespace"] = Namespace,
                        ["ownerReferences"] = new JsonArray(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Node", ["name"] = node.Name, ["uid"] = node.Uid }),
                    },
                    ["spec"] = new JsonObject { ["holderIdentity"] = node.Name, ["leaseDurationSeconds"] = LeaseDurationSeconds, ["renewTime"] = now },
                });
            }
            catch (ApiException e) when (e.Reason == "AlreadyExists")
            {
                // Created meanwhile: renewed next round.
            }
            return;
        }
        var lease = current.Parse();
        lease["spec"]!["renewTime"] = now;
        _store.Update(context, lease);
    }

    public async ValueTask DisposeAsync()
    {
        await _timer.DisposeAsync();
        _nodes.Dispose();
        await _newNodes;
    }
}
