using System.Globalization;
using System.Text.Json.Nodes;
using Kins.Sandbox.Controllers;
using Kins.Sandbox.Store;

namespace Kins.Sandbox.Simulation;

internal sealed partial class WorkloadSimulator
{
    private void ReconcileStatefulSet(string ns, string name)
    {
        var ownerKey = $"{StatefulSet}/{ns}/{name}";
        var sts = _client.Get(BuiltinResources.StatefulSets, ns, name);
        if (sts is null)
        {
            DeletePods(_pods.OwnedBy(ownerKey));
            return;
        }
        var workload = sts.Parse();
        var replicas = (int?)workload["spec"]?["replicas"] ?? 1;
        var podSpec = workload["spec"]?["template"]?["spec"] as JsonObject ?? new JsonObject();
        var existing = Pods(sts, workload);
        foreach (var (podName, pod) in existing)
        {
            var ordinal = Ordinal(podName, name);
            var unscheduled = pod["spec"]?["nodeName"] is null;
            if (ordinal < 0 || ordinal >= replicas
                || (unscheduled && StatefulPodCandidates(sts, workload, podSpec, podName, out _).Count > 0))
            {
                _client.DeleteIfExists(BuiltinResources.Pods, ns, podName);
            }
        }
        existing = Pods(sts, workload);
        for (var i = 0; i < replicas; i++)
        {
            var podName = $"{name}-{i.ToString(CultureInfo.InvariantCulture)}";
            if (!existing.ContainsKey(podName))
            {
                // One scheduling decision at a time, as one scheduler makes them: anti-affinity sees every placed pod.
                lock (_scheduling)
                {
                    var node = StatefulPodCandidates(sts, workload, podSpec, podName, out var claims).FirstOrDefault();
                    CreatePod(sts, StatefulSet, workload, podName, node, claims);
                    if (node is not null) { _volumeClaims.Bind(_client, ns, claims, node.Name); }
                }
            }
        }
        var pods = Pods(sts, workload).Values.ToList();
        var ready = pods.Count(PodFactory.IsReady);
        WriteWorkloadStatus(BuiltinResources.StatefulSets, ns, name, status =>
        {
            status["replicas"] = pods.Count;
            status["readyReplicas"] = ready;
            status["currentReplicas"] = pods.Count;
            status["updatedReplicas"] = pods.Count;
            status["availableReplicas"] = ready;
        });
    }

    private void ReconcileDaemonSet(string ns, string name)
    {
        var ownerKey = $"{DaemonSet}/{ns}/{name}";
        var ds = _client.Get(BuiltinResources.DaemonSets, ns, name);
        if (ds is null)
        {
            DeletePods(_pods.OwnedBy(ownerKey));
            return;
        }
        var workload = ds.Parse();
        // What the DaemonSet controller judges each node by: the template with the tolerations it adds to daemon pods.
        var podSpec = DaemonPodTolerations.AddTo(workload["spec"]?["template"]?["spec"]?.DeepClone() as JsonObject ?? new JsonObject());
        var fitting = _client.List(BuiltinResources.Nodes, labels: LabelSelector.FromMatchLabels(WorkloadNodeSelectors.RequiredLabels(podSpec)))
            .Where(n => Placement.Fits(podSpec, n)).ToList();
        // shouldRun: a new pod may go there, and the node counts in desiredNumberScheduled. A node that turned untolerable
        // only by NoSchedule (unreachable, not-ready: a silent node) keeps its pod, counted as misscheduled.
        var shouldRun = fitting.Where(n => Placement.Tolerated(podSpec, n)).ToDictionary(n => n.Name, StringComparer.Ordinal);
        var mayStay = fitting.Where(n => Placement.NoExecuteTolerated(podSpec, n)).Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        var covered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (podName, pod) in Pods(ds, workload))
        {
            var nodeName = (string?)pod["spec"]?["nodeName"];
            if (nodeName is null || !mayStay.Contains(nodeName) || !covered.Add(nodeName))
            {
                _client.DeleteIfExists(BuiltinResources.Pods, ns, podName);
            }
        }
        foreach (var (nodeName, node) in shouldRun.Where(e => !covered.Contains(e.Key)))
        {
            CreatePod(ds, DaemonSet, workload, $"{name}-{ObjectStore.RandomSuffix()}", node);
        }
        var pods = Pods(ds, workload).Values.ToList();
        var scheduled = pods.Where(p => shouldRun.ContainsKey((string?)p["spec"]?["nodeName"] ?? string.Empty)).ToList();
        var ready = scheduled.Count(PodFactory.IsReady);
        WriteWorkloadStatus(BuiltinResources.DaemonSets, ns, name, status =>
        {
            status["desiredNumberScheduled"] = shouldRun.Count;
            status["currentNumberScheduled"] = scheduled.Count;
            status["updatedNumberScheduled"] = scheduled.Count;
            status["numberReady"] = ready;
            status["numberAvailable"] = ready;
            status["numberMisscheduled"] = pods.Count - scheduled.Count;
            if (shouldRun.Count > ready) { status["numberUnavailable"] = shouldRun.Count - ready; } else { status.Remove("numberUnavailable"); }
        });
    }

    /// <summary>Where a StatefulSet's pod may go: the template's rules and its claims' volumes (claims made if missing).</summary>
    private List<StoredObject> StatefulPodCandidates(StoredObject sts, JsonObject workload, JsonObject podSpec, string podName,
        out List<(string Volume, string Claim)> claims)
    {
        claims = VolumeClaims.Ensure(_client, sts, workload, podName);
        var fits = _volumeClaims.NodeFilter(_client, sts.Namespace, claims);
        return Candidates(podSpec, sts.Namespace!).Where(fits).ToList();
    }

    /// <summary>Nodes a new pod of the template may go to, by name; anti-affinity counts the pods already there.</summary>
    private List<StoredObject> Candidates(JsonObject podSpec, string ns) =>
        _client.List(BuiltinResources.Nodes, labels: LabelSelector.FromMatchLabels(WorkloadNodeSelectors.RequiredLabels(podSpec)))
            .Where(n => Placement.Fits(podSpec, n))
            .Where(n => Placement.Tolerated(podSpec, n))
            .Where(n => Placement.AntiAffinityAllows(podSpec, PodLabelsOn(ns, n.Name)))
            .ToList();

    /// <summary>
    /// The labels of the pods of <paramref name="ns"/> placed on a node, as the scheduler's node cache has them: looked up
    /// by node (O(pods on the node)), not by listing every pod the anti-affinity selector matches, which is every kins
    /// pod of the fleet and made each placement O(units).
    /// </summary>
    private IEnumerable<IReadOnlyDictionary<string, string>> PodLabelsOn(string ns, string node)
    {
        foreach (var key in _pods.OnNode(node))
        {
            var parts = key.Split('/');
            if (parts.Length == 2 && parts[0] == ns && _client.Get(BuiltinResources.Pods, ns, parts[1]) is { } pod)
            {
                yield return pod.Labels;
            }
        }
    }

    /// <summary>The workload's pods, read from the store (not the feed-driven index, which may lag a fresh create).</summary>
    private Dictionary<string, JsonObject> Pods(StoredObject owner, JsonObject workload)
    {
        var selector = LabelSelector.FromMatchLabels(JsonEdit.ReadMap(workload["spec"]?["selector"]?["matchLabels"]));
        var result = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        // Controllers name their pods after themselves: a prefix range scan keeps this O(pods of the owner), not O(all pods).
        foreach (var pod in _client.Store.ListByNamePrefix(BuiltinResources.Pods, owner.Namespace, owner.Name + "-").Where(p => selector.Matches(p.Labels)))
        {
            var node = pod.Parse();
            var owned = (node["metadata"]?["ownerReferences"] as JsonArray ?? []).OfType<JsonObject>().Any(o => (string?)o["uid"] == owner.Uid);
            if (owned) { result[pod.Name] = node; }
        }
        return result;
    }

    private void DeletePods(IEnumerable<string> keys)
    {
        foreach (var key in keys)
        {
            var parts = key.Split('/');
            _client.DeleteIfExists(BuiltinResources.Pods, parts[0], parts[1]);
        }
    }

    private void WriteWorkloadStatus(ResourceType type, string ns, string name, Action<JsonObject> fill) =>
        _client.Mutate(type, ns, name, w =>
        {
            var status = JsonEdit.Obj(w, "status");
            var before = status.DeepClone();
            fill(status);
            status["observedGeneration"] = w["metadata"]?["generation"]?.DeepClone();
            return !JsonNode.DeepEquals(before, status);
        }, subresource: "status");
}
