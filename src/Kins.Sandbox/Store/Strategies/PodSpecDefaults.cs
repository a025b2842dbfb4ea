using System.Text.Json.Nodes;

namespace Kins.Sandbox.Store.Strategies;

/// <summary>
/// The API defaulting of a pod spec (Kubernetes' SetDefaults_PodSpec, _Container, _Volume, _Probe and the
/// ServiceAccount admission's name), as kubectl shows it on a real cluster: restartPolicy, dnsPolicy, schedulerName,
/// terminationGracePeriodSeconds, the containers' termination message and pull policy, port protocols.
/// </summary>
internal static class PodSpecDefaults
{
    public static void Apply(JsonObject spec)
    {
        spec["restartPolicy"] ??= "Always";
        spec["dnsPolicy"] ??= "ClusterFirst";
        spec["schedulerName"] ??= "default-scheduler";
        spec["terminationGracePeriodSeconds"] ??= 30;
        spec["securityContext"] ??= new JsonObject();
        spec["enableServiceLinks"] ??= true;
        spec["serviceAccountName"] ??= (string?)spec["serviceAccount"] ?? "default";
        spec["serviceAccount"] ??= spec["serviceAccountName"]!.DeepClone();
        spec["priority"] ??= 0;
        spec["preemptionPolicy"] ??= "PreemptLowerPriority";
        foreach (var list in new[] { "containers", "initContainers" })
        {
            foreach (var container in (spec[list] as JsonArray ?? []).OfType<JsonObject>())
            {
                Container(container);
            }
        }
        foreach (var volume in (spec["volumes"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (volume["configMap"] is JsonObject configMap) { configMap["defaultMode"] ??= 420; }
            if (volume["secret"] is JsonObject secret) { secret["defaultMode"] ??= 420; }
            if (volume["hostPath"] is JsonObject hostPath) { hostPath["type"] ??= string.Empty; }
        }
    }

    private static void Container(JsonObject container)
    {
        container["terminationMessagePath"] ??= "/dev/termination-log";
        container["terminationMessagePolicy"] ??= "File";
        container["imagePullPolicy"] ??= PullPolicy((string?)container["image"]);
        container["resources"] ??= new JsonObject();
        foreach (var port in (container["ports"] as JsonArray ?? []).OfType<JsonObject>())
        {
            port["protocol"] ??= "TCP";
        }
        foreach (var probe in new[] { "livenessProbe", "readinessProbe", "startupProbe" })
        {
            if (container[probe] is JsonObject p)
            {
                p["timeoutSeconds"] ??= 1;
                p["periodSeconds"] ??= 10;
                p["successThreshold"] ??= 1;
                p["failureThreshold"] ??= 3;
            }
        }
        foreach (var env in (container["env"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (env["valueFrom"]?["fieldRef"] is JsonObject fieldRef) { fieldRef["apiVersion"] ??= "v1"; }
        }
    }

    // Always for :latest or no tag, IfNotPresent otherwise (a digest counts as a tag).
    private static string PullPolicy(string? image)
    {
        if (string.IsNullOrEmpty(image)) { return "IfNotPresent"; }
        if (image.Contains('@', StringComparison.Ordinal)) { return "IfNotPresent"; }
        var lastSlash = image.LastIndexOf('/');
        var colon = image.IndexOf(':', lastSlash + 1);
        return colon < 0 || image[(colon + 1)..] == "latest" ? "Always" : "IfNotPresent";
    }

    /// <summary>A pod template's spec (StatefulSet, DaemonSet): the same defaults.</summary>
    public static void Template(JsonObject workloadSpec)
    {
        if (workloadSpec["template"] is JsonObject template)
        {
            if (template["spec"] is not JsonObject spec) { template["spec"] = spec = new JsonObject(); }
            if (template["metadata"] is not JsonObject metadata) { template["metadata"] = metadata = new JsonObject(); }
            metadata["creationTimestamp"] ??= null;
            Apply(spec);
        }
    }
}
