using System.Globalization;
using System.Text.Json.Nodes;

namespace Kins.Sandbox.Store;

/// <summary>
/// The Events a real cluster's controllers and kubelet write for pods, derived from the pods' own changes: the
/// StatefulSet or DaemonSet controller's SuccessfulCreate, the scheduler's Scheduled, the kubelet's Pulled, Created
/// and Started once a pod runs, and Killing when it is deleted. <see cref="Record"/> is the writer other
/// controllers may call for their own events.
/// </summary>
internal sealed class WorkloadEvents : IAsyncDisposable
{
    private readonly ObjectStore _store;
    private readonly StoreSubscription _pods;
    private readonly Task _loop;
    private readonly CancellationTokenSource _stop = new();

    public WorkloadEvents(ObjectStore store)
    {
        _store = store;
        (_, _pods) = store.Watch(BuiltinResources.Pods, null, store.CurrentResourceVersion);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Writes one Normal or Warning Event about <paramref name="involved"/> (kind, namespace, name, uid).</summary>
    public void Record(JsonObject involved, string reason, string message, string component, string? host = null, string type = "Normal", string? fieldPath = null)
    {
        var ns = (string?)involved["namespace"] ?? "default";
        var now = Timestamps.Now();
        var reference = involved.DeepClone().AsObject();
        if (fieldPath is not null) { reference["fieldPath"] = fieldPath; }
        var source = new JsonObject { ["component"] = component };
        if (host is not null) { source["host"] = host; }
        var name = $"{(string?)involved["name"]}.{DateTime.UtcNow.Ticks.ToString("x", CultureInfo.InvariantCulture)}{ObjectStore.RandomSuffix(3)}";
        try
        {
            _store.Create(new WriteContext(BuiltinResources.Events) { FieldManager = component }, new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Event",
                ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
                ["involvedObject"] = reference,
                ["reason"] = reason,
                ["message"] = message,
                ["source"] = source,
                ["firstTimestamp"] = now,
                ["lastTimestamp"] = now,
                ["count"] = 1,
                ["type"] = type,
                ["eventTime"] = null,
                ["reportingComponent"] = string.Empty,
                ["reportingInstance"] = string.Empty,
            });
        }
        catch (ApiException)
        {
            // The namespace is going away: nothing to report into.
        }
    }

    private async Task RunAsync()
    {
        try
        {
            await foreach (var e in _pods.Reader.ReadAllAsync(_stop.Token))
            {
                OnPod(e);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private void OnPod(StoreEvent e)
    {
        var pod = e.Object.Parse();
        var before = e.Previous?.Parse();
        var metadata = pod["metadata"]!.AsObject();
        var ns = (string?)metadata["namespace"];
        var name = (string?)metadata["name"];
        var node = (string?)pod["spec"]?["nodeName"];
        var self = Reference("v1", "Pod", ns, name, (string?)metadata["uid"], e.Object.ResourceVersion);
        var containers = (pod["spec"]?["containers"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        if (e.Type == StoreEvent.Added)
        {
            if ((metadata["ownerReferences"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault() is { } owner)
            {
                var kind = (string?)owner["kind"];
                var ownerRef = Reference((string?)owner["apiVersion"] ?? "apps/v1", kind, ns, (string?)owner["name"], (string?)owner["uid"], null);
                if (kind == "StatefulSet") { Record(ownerRef, "SuccessfulCreate", $"create Pod {name} in StatefulSet {(string?)owner["name"]} successful", "statefulset-controller"); }
                if (kind == "DaemonSet") { Record(ownerRef, "SuccessfulCreate", $"Created pod: {name}", "daemonset-controller"); }
            }
        }
        var wasScheduled = !string.IsNullOrEmpty((string?)before?["spec"]?["nodeName"]);
        if (!string.IsNullOrEmpty(node) && !wasScheduled && e.Type != StoreEvent.Deleted)
        {
            Record(self, "Scheduled", $"Successfully assigned {ns}/{name} to {node}", "default-scheduler");
        }
        var running = (string?)pod["status"]?["phase"] == "Running";
        var wasRunning = (string?)before?["status"]?["phase"] == "Running";
        if (running && !wasRunning && e.Type != StoreEvent.Deleted)
        {
            foreach (var c in containers)
            {
                var container = (string?)c["name"];
                var field = $"spec.containers{{{container}}}";
                Record(self, "Pulled", $"Container image \"{(string?)c["image"]}\" already present on machine", "kubelet", node, fieldPath: field);
                Record(self, "Created", $"Created container {container}", "kubelet", node, fieldPath: field);
                Record(self, "Started", $"Started container {container}", "kubelet", node, fieldPath: field);
            }
        }
        var deleting = e.Type == StoreEvent.Deleted || metadata["deletionTimestamp"] is not null;
        var wasDeleting = before?["metadata"]?["deletionTimestamp"] is not null;
        if (deleting && !wasDeleting && (wasRunning || running))
        {
            foreach (var c in containers)
            {
                Record(self, "Killing", $"Stopping container {(string?)c["name"]}", "kubelet", node, fieldPath: $"spec.containers{{{(string?)c["name"]}}}");
            }
        }
    }

    private static JsonObject Reference(string apiVersion, string? kind, string? ns, string? name, string? uid, long? resourceVersion)
    {
        var reference = new JsonObject { ["kind"] = kind, ["namespace"] = ns, ["name"] = name, ["uid"] = uid, ["apiVersion"] = apiVersion };
        if (resourceVersion is long rv) { reference["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture); }
        return reference;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _pods.Dispose();
        try { await _loop; } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
