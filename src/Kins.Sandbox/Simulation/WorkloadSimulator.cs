using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Kins.Sandbox.Controllers;
using Kins.Sandbox.Store;

namespace Kins.Sandbox.Simulation;

/// <summary>
/// Stands in for the StatefulSet and DaemonSet controllers, the scheduler and the kubelets: StatefulSets get pods
/// <c>&lt;sts&gt;-0..</c>, DaemonSets one <c>&lt;ds&gt;-xxxxx</c> per fitting node; pods turn Ready after the configured
/// delay on a Ready node (and unready while their node is NotReady); workload status follows.
/// </summary>
internal sealed partial class WorkloadSimulator : IAsyncDisposable
{
    private const string StatefulSet = "StatefulSet";
    private const string DaemonSet = "DaemonSet";
    private readonly StoreClient _client;
    private readonly ReadyDelays _readyDelays;
    private readonly StoreSubscription _feed;
    private readonly WorkQueue _queue;
    private readonly PodIndex _pods = new();
    private readonly object _scheduling = new();
    private readonly ConcurrentDictionary<string, DateTime> _readyAt = new(StringComparer.Ordinal);
    private readonly WorkloadNodeSelectors _nodeSelectors = new();
    private readonly FailedCreateEvents _failedCreates = new();
    private readonly VolumeClaims _volumeClaims = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;

    public WorkloadSimulator(StoreClient client, ReadyDelays readyDelays, int workers = 4)
    {
        _client = client;
        _readyDelays = readyDelays;
        _feed = client.Store.SubscribeAll();
        _queue = new WorkQueue(workers, ProcessAsync, (key, e) => Console.Error.WriteLine($"simulator: {key} failed: {e}"));
        _pump = Task.Run(PumpAsync);
    }

    private async Task PumpAsync()
    {
        await foreach (var e in _feed.Reader.ReadAllAsync())
        {
            if (e.StorageKey == BuiltinResources.StatefulSets.StorageKey || e.StorageKey == BuiltinResources.DaemonSets.StorageKey)
            {
                var key = $"{(e.StorageKey == BuiltinResources.StatefulSets.StorageKey ? StatefulSet : DaemonSet)}/{e.Object.Namespace}/{e.Object.Name}";
                if (e.Type == StoreEvent.Deleted) { _nodeSelectors.Remove(key); }
                else { _nodeSelectors.Set(key, WorkloadNodeSelectors.RequiredLabels(e.Object.Parse()["spec"]?["template"]?["spec"] as JsonObject)); }
                _queue.Add(key);
            }
            else if (e.StorageKey == BuiltinResources.Pods.StorageKey)
            {
                if (_pods.Update(e) is { } owner) { _queue.Add(owner); }
                if (e.Type == StoreEvent.Deleted)
                {
                    _readyAt.TryRemove(e.Object.Key, out _);
                    // A pod gone from a node may let an unschedulable pod in (anti-affinity): the scheduler retries those.
                    foreach (var waiting in _pods.OwnersOfUnscheduledPods()) { _queue.Add(waiting); }
                }
            }
            else if (e.StorageKey == BuiltinResources.PersistentVolumes.StorageKey)
            {
                _volumeClaims.Update(e);
            }
            else if (e.StorageKey == BuiltinResources.Nodes.StorageKey)
            {
                _queue.Add("Node/" + e.Object.Name);
                // A node uncordoned or untainted may take a pod the scheduler could not place: it retries those.
                if (e.Type == StoreEvent.Modified)
                {
                    foreach (var waiting in _pods.OwnersOfUnscheduledPods()) { _queue.Add(waiting); }
                }
                // New labels change which workloads select the node; new taints or a cordon change where daemon pods run.
                if (e.Previous is null || e.Type != StoreEvent.Modified || !SameLabels(e.Object, e.Previous) || !SameScheduling(e.Object, e.Previous))
                {
                    var affected = _nodeSelectors.Selecting(e.Object.Labels);
                    if (e.Previous is not null) { affected = affected.Concat(_nodeSelectors.Selecting(e.Previous.Labels)); }
                    foreach (var w in affected) { _queue.Add(w); }
                }
            }
        }
    }

    private Task ProcessAsync(string key, CancellationToken cancel)
    {
        var parts = key.Split('/');
        switch (parts[0])
        {
            case StatefulSet: ReconcileStatefulSet(parts[1], parts[2]); break;
            case DaemonSet: ReconcileDaemonSet(parts[1], parts[2]); break;
            case "Node":
                foreach (var pod in _pods.OnNode(parts[1])) { _queue.Add("Pod/" + pod); }
                break;
            case "Pod": SyncPodReadiness(parts[1], parts[2]); break;
        }
        return Task.CompletedTask;
    }

    /// <summary>Ready when its node is Ready and the delay since creation has passed.</summary>
    private void SyncPodReadiness(string ns, string name)
    {
        var pod = _client.Get(BuiltinResources.Pods, ns, name);
        if (pod is null)
        {
            return;
        }
        var podNode = pod.Parse();
        var nodeName = (string?)podNode["spec"]?["nodeName"];
        if (nodeName is null)
        {
            return;
        }
        var node = _client.Get(BuiltinResources.Nodes, null, nodeName);
        var due = !_readyAt.TryGetValue(pod.Key, out var at) || at <= DateTime.UtcNow;
        var nodeReady = node is not null && NodeReadiness.IsReady(node.Parse());
        if (nodeReady && !due)
        {
            // Timers may fire a little early: look again when the delay has really passed.
            CheckLater(pod.Key, at - DateTime.UtcNow + TimeSpan.FromMilliseconds(5));
            return;
        }
        var ready = nodeReady && due;
        if (PodFactory.IsReady(podNode) == ready)
        {
            return;
        }
        if (ready) { _readyAt.TryRemove(pod.Key, out _); }
        _client.Mutate(BuiltinResources.Pods, ns, name, p =>
        {
            if (PodFactory.IsReady(p) == ready) { return false; }
            if (PodFactory.IsRunning(p))
            {
                // A started pod whose node stops being Ready keeps running: the node lifecycle controller only marks it
                // not Ready (MarkPodsNotReady), and the kubelet marks it Ready again once its node is back.
                PodFactory.SetReady(p, ready);
                return true;
            }
            var spec = p["spec"] as JsonObject ?? new JsonObject();
            p["status"] = PodFactory.Status(spec, node, ready, (string?)p["status"]?["podIP"]);
            return true;
        }, subresource: "status");
    }

    /// <summary>
    /// Creates a pod; when it is not Ready at once, schedules its readiness check after its drawn delay. A pod the API
    /// refuses (e.g. a label value over 63 characters) is not made, and the owner gets a FailedCreate event instead.
    /// </summary>
    private void CreatePod(StoredObject owner, string kind, JsonObject workload, string name, StoredObject? node,
        IReadOnlyList<(string Volume, string Claim)>? claims = null)
    {
        var key = ObjectKey.For(owner.Namespace, name);
        var delay = _readyDelays.For(key);
        var nodeReady = node is not null && NodeReadiness.IsReady(node.Parse());
        var readyNow = nodeReady && delay <= TimeSpan.Zero;
        var pod = PodFactory.Create(owner, kind, workload, name, node, readyNow, claims);
        // Known before the pod exists: a readiness check that its creation triggers must not find it due already.
        _readyAt[key] = DateTime.UtcNow + delay;
        try
        {
            if (!_client.TryCreate(BuiltinResources.Pods, pod))
            {
                return;
            }
            _pods.Record(key, $"{kind}/{owner.Namespace}/{owner.Name}", node?.Name);
            if (readyNow || node is null)
            {
                return;
            }
        }
        catch (ApiException e) when (e.Code == 422)
        {
            _readyAt.TryRemove(key, out _);
            _failedCreates.Record(_client, owner, kind, name, e.Message);
            return;
        }
        CheckLater(key, delay);
    }

    private void CheckLater(string podKey, TimeSpan delay) =>
        _ = Task.Delay(delay, _stop.Token).ContinueWith(
            _ => _queue.Add("Pod/" + podKey), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);

    private static bool SameLabels(StoredObject a, StoredObject b) =>
        a.Labels.Count == b.Labels.Count && a.Labels.All(l => b.Labels.TryGetValue(l.Key, out var v) && v == l.Value);

    private static bool SameScheduling(StoredObject a, StoredObject b)
    {
        var (left, right) = (a.Parse()["spec"], b.Parse()["spec"]);
        return (bool?)left?["unschedulable"] == (bool?)right?["unschedulable"] && JsonNode.DeepEquals(left?["taints"], right?["taints"]);
    }

    private static int Ordinal(string podName, string stsName) =>
        podName.Length > stsName.Length + 1 && int.TryParse(podName.AsSpan(stsName.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;

    /// <summary>Every change so far is read and every queued key processed.</summary>
    public bool IsIdle => _feed.IsDrained && _queue.IsIdle;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _feed.Dispose();
        await _pump;
        await _queue.DisposeAsync();
        _stop.Dispose();
    }
}
