using System.Globalization;
using System.Text.Json.Nodes;
using Kins.Sandbox.Store;

namespace Kins.Sandbox.Simulation;

/// <summary>Pods as a workload controller makes them from its template, and their status as a kubelet reports it.</summary>
internal static class PodFactory
{
    private static int _nextIp;

    public static JsonObject Create(StoredObject owner, string ownerKind, JsonObject workload, string name, StoredObject? node, bool ready,
        IReadOnlyList<(string Volume, string Claim)>? claims = null)
    {
        var template = workload["spec"]?["template"] as JsonObject ?? new JsonObject();
        var spec = template["spec"]?.DeepClone() as JsonObject ?? new JsonObject();
        var labels = template["metadata"]?["labels"]?.DeepClone() as JsonObject ?? new JsonObject();
        // The labels the workload controllers add (Kubernetes): a StatefulSet's revision label is "<sts>-<hash>", which
        // the API refuses beyond 63 characters, so a long StatefulSet name gets no pods.
        var hash = TemplateHash(template);
        if (ownerKind == "StatefulSet")
        {
            labels["controller-revision-hash"] = owner.Name + "-" + hash;
            labels["statefulset.kubernetes.io/pod-name"] = name;
        }
        else
        {
            DaemonPodTolerations.AddTo(spec);
            labels["controller-revision-hash"] = hash;
            labels["pod-template-generation"] = ((long?)workload["metadata"]?["generation"] ?? 1).ToString(CultureInfo.InvariantCulture);
        }
        foreach (var (volume, claim) in claims ?? [])
        {
            var volumes = spec["volumes"] as JsonArray ?? new JsonArray();
            spec["volumes"] = volumes;
            volumes.Add(new JsonObject { ["name"] = volume, ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = claim } });
        }
        spec["nodeName"] = node?.Name;
        if (node is null) { spec.Remove("nodeName"); }
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = owner.Namespace,
                ["labels"] = labels,
                ["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = "apps/v1", ["kind"] = ownerKind, ["name"] = owner.Name, ["uid"] = owner.Uid,
                    ["controller"] = true, ["blockOwnerDeletion"] = true,
                }),
            },
            ["spec"] = spec,
        };
        pod["status"] = Status(spec, node, ready, podIp: null);
        return pod;
    }

    /// <summary>The pod's status: Pending when unscheduled, ContainerCreating until ready, Running and Ready after.</summary>
    public static JsonObject Status(JsonObject spec, StoredObject? node, bool ready, string? podIp)
    {
        var now = Timestamps.Now();
        if (node is null)
        {
            return new JsonObject
            {
                ["phase"] = "Pending",
                ["conditions"] = new JsonArray(new JsonObject
                {
                    ["type"] = "PodScheduled", ["status"] = "False", ["reason"] = "Unschedulable", ["lastTransitionTime"] = now,
                    ["message"] = "0/0 nodes are available: no node matches the pod's node selector, affinity or anti-affinity, is schedulable and has only taints the pod tolerates.",
                }),
                ["qosClass"] = "BestEffort",
            };
        }
        var hostIp = (string?)(node.Parse()["status"]?["addresses"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(a => (string?)a["type"] == "InternalIP")?["address"];
        var ip = (bool?)spec["hostNetwork"] == true ? hostIp : podIp ?? NextPodIp();
        var flag = ready ? "True" : "False";
        var containers = (spec["containers"] as JsonArray ?? []).OfType<JsonObject>().Select(c => (JsonNode?)new JsonObject
        {
            ["name"] = (string?)c["name"],
            ["image"] = (string?)c["image"],
            ["imageID"] = string.Empty,
            ["ready"] = ready,
            ["started"] = ready,
            ["restartCount"] = 0,
            ["state"] = ready
                ? new JsonObject { ["running"] = new JsonObject { ["startedAt"] = now } }
                : new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "ContainerCreating" } },
        }).ToArray();
        return new JsonObject
        {
            ["phase"] = ready ? "Running" : "Pending",
            ["conditions"] = new JsonArray(
                Condition("Initialized", "True", now), Condition("Ready", flag, now),
                Condition("ContainersReady", flag, now), Condition("PodScheduled", "True", now)),
            ["hostIP"] = hostIp,
            ["podIP"] = ip,
            ["podIPs"] = new JsonArray(new JsonObject { ["ip"] = ip }),
            ["startTime"] = now,
            ["containerStatuses"] = new JsonArray(containers),
            ["qosClass"] = "BestEffort",
        };
    }

    /// <summary>
    /// A revision hash as Kubernetes spells it: FNV-32a of the template, its decimal digits mapped onto
    /// rand.SafeEncodeString's alphabet; always 10 characters here (the longest, which the name limits assume).
    /// </summary>
    public static string TemplateHash(JsonObject template)
    {
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
        var hash = 2166136261u;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(template.ToJsonString())) { hash = (hash ^ b) * 16777619u; }
        var digits = (hash < 1_000_000_000u ? hash + 1_000_000_000u : hash).ToString(CultureInfo.InvariantCulture);
        return string.Concat(digits.Select(d => alphabet[d % alphabet.Length]));
    }

    /// <summary>Its containers started (phase Running), ready or not.</summary>
    public static bool IsRunning(JsonNode? pod) => (string?)pod?["status"]?["phase"] == "Running";

    /// <summary>Flips only the Ready condition (with its transition time), as MarkPodsNotReady and the kubelet's status sync do.</summary>
    public static void SetReady(JsonObject pod, bool ready)
    {
        var condition = (pod["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == "Ready");
        if (condition is null) { return; }
        condition["status"] = ready ? "True" : "False";
        condition["lastTransitionTime"] = Timestamps.Now();
    }

    public static bool IsReady(JsonNode? pod) =>
        (pod?["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>().Any(c => (string?)c["type"] == "Ready" && (string?)c["status"] == "True");

    private static JsonObject Condition(string type, string status, string now) => new()
    {
        ["type"] = type, ["status"] = status, ["lastProbeTime"] = null, ["lastTransitionTime"] = now,
    };

    private static string NextPodIp()
    {
        var n = Interlocked.Increment(ref _nextIp);
        return string.Create(CultureInfo.InvariantCulture, $"10.244.{n / 250 % 250}.{(n % 250) + 2}");
    }
}
