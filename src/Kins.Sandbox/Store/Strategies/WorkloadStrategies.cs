using System.Text.Json.Nodes;

namespace Kins.Sandbox.Store.Strategies;

/// <summary>Pods: the pod spec defaults (<see cref="PodSpecDefaults"/>), and a Pending phase until the kubelet says otherwise.</summary>
internal sealed class PodStrategy : DefaultStrategy
{
    public override void PrepareForCreate(WriteContext context, JsonObject obj)
    {
        PodSpecDefaults.Apply(Section(obj, "spec"));
        Section(obj, "status")["phase"] ??= "Pending";
    }
}

/// <summary>
/// StatefulSets as apps/v1 defaults them (SetDefaults_StatefulSet of Kubernetes 1.22): one replica, OrderedReady,
/// RollingUpdate with partition 0, ten revisions kept, and the template's pod defaults.
/// </summary>
internal sealed class StatefulSetStrategy : DefaultStrategy
{
    public override void PrepareForCreate(WriteContext context, JsonObject obj)
    {
        var spec = Section(obj, "spec");
        spec["replicas"] ??= 1;
        spec["podManagementPolicy"] ??= "OrderedReady";
        spec["revisionHistoryLimit"] ??= 10;
        var strategy = Section(spec, "updateStrategy");
        strategy["type"] ??= "RollingUpdate";
        if ((string?)strategy["type"] == "RollingUpdate")
        {
            Section(strategy, "rollingUpdate")["partition"] ??= 0;
        }
        foreach (var claim in (spec["volumeClaimTemplates"] as JsonArray ?? []).OfType<JsonObject>())
        {
            Section(claim, "spec")["volumeMode"] ??= "Filesystem";
        }
        PodSpecDefaults.Template(spec);
    }
}

/// <summary>DaemonSets as apps/v1 defaults them: RollingUpdate with maxUnavailable 1 and maxSurge 0, ten revisions kept, the template's pod defaults.</summary>
internal sealed class DaemonSetStrategy : DefaultStrategy
{
    public override void PrepareForCreate(WriteContext context, JsonObject obj)
    {
        var spec = Section(obj, "spec");
        spec["revisionHistoryLimit"] ??= 10;
        var strategy = Section(spec, "updateStrategy");
        strategy["type"] ??= "RollingUpdate";
        if ((string?)strategy["type"] == "RollingUpdate")
        {
            var rolling = Section(strategy, "rollingUpdate");
            rolling["maxUnavailable"] ??= 1;
            rolling["maxSurge"] ??= 0;
        }
        PodSpecDefaults.Template(spec);
    }
}
