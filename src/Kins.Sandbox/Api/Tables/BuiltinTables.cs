using System.Text.Json.Nodes;
using static Kins.Sandbox.Api.Tables.ColumnDefinition;
using static Kins.Sandbox.Api.Tables.JsonFields;

namespace Kins.Sandbox.Api.Tables;

/// <summary>The columns kube-apiserver's printers give the built-in types (what <c>kubectl get</c> shows).</summary>
internal static class BuiltinTables
{
    internal sealed record Layout(IReadOnlyList<ColumnDefinition> Columns, Func<JsonObject, object?[]> Cells);

    private static readonly Dictionary<string, Layout> Layouts = new(StringComparer.Ordinal)
    {
        ["/pods"] = new([Name0, Str("Ready"), Str("Status"), Str("Restarts"), AgeColumn, Str("IP", priority: 1), Str("Node", priority: 1),
            Str("Nominated Node", priority: 1), Str("Readiness Gates", priority: 1)], Pod),
        ["/services"] = new([Name0, Str("Type"), Str("Cluster-IP"), Str("External-IP"), Str("Port(s)"), AgeColumn, Str("Selector", priority: 1)], Service),
        ["/nodes"] = new([Name0, Str("Status"), Str("Roles"), AgeColumn, Str("Version"), Str("Internal-IP", priority: 1), Str("External-IP", priority: 1),
            Str("OS-Image", priority: 1), Str("Kernel-Version", priority: 1), Str("Container-Runtime", priority: 1)], Node),
        ["/namespaces"] = new([Name0, Str("Status"), AgeColumn], o => [Name(o), StrOr(o, ".status.phase", "Active"), Age(o)]),
        ["/configmaps"] = new([Name0, Int("Data"), AgeColumn], o => [Name(o), Count(o["data"]) + Count(o["binaryData"]), Age(o)]),
        ["/secrets"] = new([Name0, Str("Type"), Int("Data"), AgeColumn], o => [Name(o), StrOr(o, ".type", "Opaque"), Count(o["data"]), Age(o)]),
        ["/events"] = new([Str("Last Seen"), Str("Type"), Str("Reason"), Str("Object"), Str("Message")], Event),
        ["/persistentvolumes"] = new([Name0, Str("Capacity"), Str("Access Modes"), Str("Reclaim Policy"), Str("Status"), Str("Claim"),
            Str("StorageClass"), Str("VolumeAttributesClass"), Str("Reason"), AgeColumn, Str("VolumeMode", priority: 1)], PersistentVolume),
        ["/persistentvolumeclaims"] = new([Name0, Str("Status"), Str("Volume"), Str("Capacity"), Str("Access Modes"), Str("StorageClass"),
            Str("VolumeAttributesClass"), AgeColumn], o => [Name(o), StrOr(o, ".status.phase", "Pending"), StrOr(o, ".spec.volumeName", ""),
            StrOr(o, ".status.capacity.storage", ""), Modes(o["spec"]?["accessModes"]), StrOr(o, ".spec.storageClassName", ""), "<unset>", Age(o)]),
        ["apps/daemonsets"] = new([Name0, Int("Desired"), Int("Current"), Int("Ready"), Int("Up-to-date"), Int("Available"), Str("Node Selector"), AgeColumn,
            Str("Containers", priority: 1), Str("Images", priority: 1), Str("Selector", priority: 1)], DaemonSet),
        ["apps/statefulsets"] = new([Name0, Str("Ready"), AgeColumn, Str("Containers", priority: 1), Str("Images", priority: 1)],
            o => [Name(o), $"{Long(o, ".status.readyReplicas")}/{Long(o, ".spec.replicas")}", Age(o), Containers(o, "name"), Containers(o, "image")]),
        ["storage.k8s.io/storageclasses"] = new([Name0, Str("Provisioner"), Str("ReclaimPolicy"), Str("VolumeBindingMode"), Str("AllowVolumeExpansion"), AgeColumn],
            o => [Name(o), StrOr(o, ".provisioner"), StrOr(o, ".reclaimPolicy", "Delete"), StrOr(o, ".volumeBindingMode", "Immediate"),
                StrOr(o, ".allowVolumeExpansion", "false"), Age(o)]),
        ["apiextensions.k8s.io/customresourcedefinitions"] = new([Name0, new("Created At", "date", string.Empty, "CreationTimestamp")],
            o => [Name(o), Str(o, ".metadata.creationTimestamp")]),
    };

    private static readonly Layout Default = new([Name0, AgeColumn], o => [Name(o), Age(o)]);

    public static Layout For(string storageKey) => Layouts.TryGetValue(storageKey, out var layout) ? layout : Default;

    private static string Name(JsonObject o) => Str(o, ".metadata.name") ?? string.Empty;

    private static object?[] Pod(JsonObject o)
    {
        var containers = o["spec"]?["containers"] as JsonArray ?? [];
        var statuses = (o["status"]?["containerStatuses"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var ready = statuses.Count(s => (bool?)s["ready"] == true);
        var restarts = statuses.Sum(s => (long?)s["restartCount"] ?? 0);
        var status = Str(o, ".status.reason") ?? Str(o, ".status.phase") ?? "Unknown";
        var waiting = statuses.Select(s => Str(s, ".state.waiting.reason")).FirstOrDefault(r => r is not null);
        if (waiting is not null) { status = waiting; }
        if (o["metadata"]?["deletionTimestamp"] is not null) { status = "Terminating"; }
        return [Name(o), $"{ready}/{containers.Count}", status, restarts.ToString(System.Globalization.CultureInfo.InvariantCulture), Age(o),
            StrOr(o, ".status.podIP"), StrOr(o, ".spec.nodeName"), "<none>", "<none>"];
    }

    private static object?[] Service(JsonObject o)
    {
        var ports = (o["spec"]?["ports"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(p => (string?)p["nodePort"]?.ToJsonString() is { } np && p["nodePort"] is not null
                ? $"{p["port"]}:{np}/{(string?)p["protocol"] ?? "TCP"}"
                : $"{p["port"]}/{(string?)p["protocol"] ?? "TCP"}");
        var portText = string.Join(",", ports);
        return [Name(o), StrOr(o, ".spec.type", "ClusterIP"), StrOr(o, ".spec.clusterIP"), "<none>", portText.Length == 0 ? "<none>" : portText,
            Age(o), Map(o["spec"]?["selector"])];
    }

    private static object?[] Node(JsonObject o)
    {
        var ready = (o["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == "Ready");
        var status = (string?)ready?["status"] == "True" ? "Ready" : (string?)ready?["status"] == "False" ? "NotReady" : "Unknown";
        if ((bool?)o["spec"]?["unschedulable"] == true) { status += ",SchedulingDisabled"; }
        const string rolePrefix = "node-role.kubernetes.io/";
        var roles = (o["metadata"]?["labels"] as JsonObject ?? []).Select(p => p.Key)
            .Where(k => k.StartsWith(rolePrefix, StringComparison.Ordinal)).Select(k => k[rolePrefix.Length..]).Order(StringComparer.Ordinal).ToList();
        var addresses = (o["status"]?["addresses"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        string Address(string type) => (string?)addresses.FirstOrDefault(a => (string?)a["type"] == type)?["address"] ?? "<none>";
        return [Name(o), status, roles.Count == 0 ? "<none>" : string.Join(",", roles), Age(o), StrOr(o, ".status.nodeInfo.kubeletVersion", ""),
            Address("InternalIP"), Address("ExternalIP"), StrOr(o, ".status.nodeInfo.osImage", "<unknown>"),
            StrOr(o, ".status.nodeInfo.kernelVersion", "<unknown>"), StrOr(o, ".status.nodeInfo.containerRuntimeVersion", "<unknown>")];
    }

    private static object?[] Event(JsonObject o)
    {
        var last = Str(o, ".lastTimestamp") is not null ? Age(o, ".lastTimestamp") : Age(o, ".eventTime");
        var obj = $"{((string?)o["involvedObject"]?["kind"] ?? string.Empty).ToLowerInvariant()}/{(string?)o["involvedObject"]?["name"]}";
        return [last, StrOr(o, ".type", ""), StrOr(o, ".reason", ""), obj, StrOr(o, ".message", "")];
    }

    private static object?[] PersistentVolume(JsonObject o)
    {
        var claim = Str(o, ".spec.claimRef.name") is { } c ? $"{Str(o, ".spec.claimRef.namespace")}/{c}" : string.Empty;
        return [Name(o), StrOr(o, ".spec.capacity.storage", ""), Modes(o["spec"]?["accessModes"]), StrOr(o, ".spec.persistentVolumeReclaimPolicy", "Retain"),
            StrOr(o, ".status.phase", "Available"), claim, StrOr(o, ".spec.storageClassName", ""), "<unset>", StrOr(o, ".status.reason", ""), Age(o),
            StrOr(o, ".spec.volumeMode", "Filesystem")];
    }

    private static object?[] DaemonSet(JsonObject o) =>
    [
        Name(o), Long(o, ".status.desiredNumberScheduled"), Long(o, ".status.currentNumberScheduled"), Long(o, ".status.numberReady"),
        Long(o, ".status.updatedNumberScheduled"), Long(o, ".status.numberAvailable"), Map(o["spec"]?["template"]?["spec"]?["nodeSelector"]), Age(o),
        Containers(o, "name"), Containers(o, "image"), Map(o["spec"]?["selector"]?["matchLabels"]),
    ];

    private static string Containers(JsonObject o, string field) =>
        string.Join(",", (o["spec"]?["template"]?["spec"]?["containers"] as JsonArray ?? []).Select(c => (string?)c?[field]));

    private static string Modes(JsonNode? modes) =>
        string.Join(",", (modes as JsonArray ?? []).Select(m => (string?)m switch
        {
            "ReadWriteOnce" => "RWO", "ReadOnlyMany" => "ROX", "ReadWriteMany" => "RWX", "ReadWriteOncePod" => "RWOP", var other => other,
        }));
}
