using k8s;
using k8s.Models;
using Kins.Core.Observe;
using Kins.Core.Plan;
using Kins.Core.SuperEdge;

namespace Kins.Core.Tests.Observe;

/// <summary>Every kins state, from fixtures written by hand from SITE-MANAGER.md.</summary>
public sealed class KinsObserverTests
{
    /// <summary>When l5-insufficient.yaml's failure was written.</summary>
    internal static readonly DateTimeOffset FailureTime = new(2024, 5, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void L4_with_every_object_ready_is_Ready()
    {
        var observation = Fixture.Load("l4-ready.yaml").Observe();

        Assert.Equal(KinsState.Ready, observation.State);
        Assert.Equal(["edge1"], observation.ServerNodes);
        Assert.Contains("edge1", observation.Reason, StringComparison.Ordinal);
        Assert.Equal(
            [KinsComponent.CriDaemonSet, KinsComponent.InitService, KinsComponent.ServerStatefulSet, KinsComponent.Service, KinsComponent.AgentDaemonSet, KinsComponent.ConfigMap],
            observation.Components.Select(c => c.Component));
        Assert.All(observation.Components, c => Assert.True(c.Expected && c.Present && c.Ready, c.ToString()));
        Assert.Equal("1/1 ready", observation.Components.Single(c => c.Component == KinsComponent.ServerStatefulSet).Detail);
    }

    [Fact]
    public void L5_with_three_servers_and_no_agent_pods_is_Ready()
    {
        var observation = Fixture.Load("l5-ready.yaml").Observe();

        Assert.Equal(KinsState.Ready, observation.State);
        Assert.Equal(["n1", "n2", "n3"], observation.ServerNodes);
        var join = observation.Components.Single(c => c.Component == KinsComponent.JoinStatefulSet);
        Assert.Equal(("site5-server-kins-join", "2/2 ready"), (join.Name, join.Detail));
        Assert.True(observation.Components.Single(c => c.Component == KinsComponent.AgentDaemonSet).Ready);
    }

    [Fact]
    public void L4_before_anything_is_installed_is_Promoting()
    {
        var fixture = Fixture.Load("l4-ready.yaml");
        fixture.Objects.RemoveAll(o => o is not V1Node);
        fixture.Unit.Spec.UnitCredentialConfigMapRef = null;

        var observation = fixture.Observe();

        Assert.Equal(KinsState.Promoting, observation.State);
        Assert.StartsWith("Promoting to L4", observation.Reason, StringComparison.Ordinal);
        Assert.Contains("StatefulSet test-server-kins (missing)", observation.Reason, StringComparison.Ordinal);
        Assert.Contains("unitCredentialConfigMapRef", observation.Reason, StringComparison.Ordinal);
        Assert.All(observation.Components, c => Assert.False(c.Present));
    }

    [Fact]
    public void Workloads_not_ready_yet_without_credential_ref_is_Promoting()
    {
        var fixture = Fixture.Load("l4-ready.yaml").Without<V1ConfigMap>("test-cm-kins");
        fixture.Unit.Spec.UnitCredentialConfigMapRef = null;
        fixture.Get<V1StatefulSet>("test-server-kins").Status.ReadyReplicas = null;

        var observation = fixture.Observe();

        Assert.Equal(KinsState.Promoting, observation.State);
        Assert.Contains("StatefulSet test-server-kins (0/1 ready)", observation.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_ConfigMap_without_kubeconfig_conf_is_not_ready()
    {
        var fixture = Fixture.Load("l4-ready.yaml");
        fixture.Get<V1ConfigMap>("test-cm-kins").Data.Clear();
        fixture.Unit.Spec.UnitCredentialConfigMapRef = null;

        var observation = fixture.Observe();

        Assert.Equal(KinsState.Promoting, observation.State);
        Assert.Equal("no kubeconfig.conf key", observation.Components.Single(c => c.Component == KinsComponent.ConfigMap).Detail);
    }

    [Fact]
    public void A_DaemonSet_with_no_pods_scheduled_is_not_ready()
    {
        var fixture = Fixture.Load("l4-ready.yaml");
        fixture.Unit.Spec.UnitCredentialConfigMapRef = null;
        var cri = fixture.Get<V1DaemonSet>("test-cri-kins").Status;
        cri.DesiredNumberScheduled = 0;
        cri.NumberReady = 0;

        var observation = fixture.Observe();

        Assert.Equal(KinsState.Promoting, observation.State);
        Assert.False(observation.Components.Single(c => c.Component == KinsComponent.CriDaemonSet).Ready);
    }

    [Fact]
    public void An_L4_to_L5_upgrade_choosing_servers_is_Promoting()
    {
        var fixture = Fixture.Load("l4-ready.yaml");
        fixture.Unit.Spec.AutonomyLevel = "L5";

        var observation = fixture.Observe();

        Assert.Equal(KinsState.Promoting, observation.State);
        Assert.Contains("StatefulSet test-server-kins-join (missing)", observation.Reason, StringComparison.Ordinal);
    }

    // Flaw 3: the ref is written in the pass that creates the workloads, before any pod runs.
    [Fact]
    public void Pods_not_ready_while_the_credential_ref_is_set_is_Promoting_not_Degraded()
    {
        var fixture = Fixture.Load("l4-ready.yaml");
        fixture.Get<V1StatefulSet>("test-server-kins").Status.ReadyReplicas = 0;
        var agent = fixture.Get<V1DaemonSet>("test-agent-kins").Status;
        agent.NumberReady = 0;

        var observation = fixture.Observe();

        Assert.Equal(KinsState.Promoting, observation.State);
        Assert.Contains("every object is created", observation.Reason, StringComparison.Ordinal);
        Assert.Contains("StatefulSet test-server-kins (0/1 ready)", observation.Reason, StringComparison.Ordinal);
        Assert.Contains("DaemonSet test-agent-kins (0/2 ready)", observation.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_object_after_installation_is_Degraded()
    {
        var observation = Fixture.Load("l4-ready.yaml").Without<V1DaemonSet>("test-agent-kins").Observe();

        Assert.Equal(KinsState.Degraded, observation.State);
        Assert.Contains("DaemonSet test-agent-kins (missing)", observation.Reason, StringComparison.Ordinal);
        var agent = observation.Components.Single(c => c.Component == KinsComponent.AgentDaemonSet);
        Assert.False(agent.Present);
    }

    [Fact]
    public void Site_manager_failure_is_Failed_with_its_message()
    {
        var observation = Fixture.Load("l5-insufficient.yaml").ObserveAt(FailureTime.AddSeconds(20));

        Assert.Equal(KinsState.Failed, observation.State);
        Assert.Equal(SuperEdgeNames.InsufficientReadyNodeMessage, observation.SiteManagerMessage);
        Assert.Contains(SuperEdgeNames.InsufficientReadyNodeMessage, observation.Reason, StringComparison.Ordinal);
        Assert.Empty(observation.ServerNodes);
    }

    [Fact]
    public void Phase_Failed_without_a_probe_time_cannot_be_placed_in_time_and_does_not_count()
    {
        var fixture = Fixture.Load("l5-insufficient.yaml");
        fixture.Unit.Status!.UnitClusterStatus!.Conditions = null;

        var observation = fixture.ObserveAt(FailureTime.AddSeconds(20));

        Assert.Equal(KinsState.Promoting, observation.State);
        Assert.Equal("phase Failed, without a message", observation.LastFailure?.Message);
    }

    [Fact]
    public void A_stale_failure_does_not_hide_a_finished_cluster()
    {
        var fixture = Fixture.Load("l4-ready.yaml");
        fixture.Unit.Status!.UnitClusterStatus = Fixture.Load("l5-insufficient.yaml").Unit.Status!.UnitClusterStatus;

        Assert.Equal(KinsState.Ready, fixture.Observe().State);
    }

    [Fact]
    public void An_unknown_level_is_Failed()
    {
        var fixture = Fixture.Load("l4-ready.yaml");
        fixture.Unit.Spec.AutonomyLevel = "L9";

        var observation = fixture.Observe();

        Assert.Equal(KinsState.Failed, observation.State);
        Assert.Contains("\"L9\"", observation.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deletionTimestamp_is_Deleting_and_says_how_to_finish()
    {
        var fixture = Fixture.Load("l4-ready.yaml");
        fixture.Unit.Metadata.DeletionTimestamp = new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc);

        var observation = fixture.Observe();

        Assert.Equal(KinsState.Deleting, observation.State);
        Assert.Contains("2024-05-01 12:00:00Z", observation.Reason, StringComparison.Ordinal);
        Assert.Contains("L3", observation.Reason, StringComparison.Ordinal);
        Assert.Equal(["edge1"], observation.ServerNodes);
    }

    [Fact]
    public void L3_requested_with_objects_left_is_Demoting()
    {
        var fixture = Fixture.Load("l4-ready.yaml").Without<V1DaemonSet>("test-cri-kins");
        fixture.Unit.Spec.AutonomyLevel = "L3";

        var observation = fixture.Observe();

        Assert.Equal(KinsState.Demoting, observation.State);
        Assert.Contains("StatefulSet test-server-kins", observation.Reason, StringComparison.Ordinal);
        Assert.Contains("server role on edge1", observation.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret", observation.Reason, StringComparison.Ordinal);
        Assert.All(observation.Components, c => Assert.False(c.Expected));
    }

    [Fact]
    public void L3_with_only_the_credential_ref_left_is_Demoting()
    {
        var fixture = Fixture.Load("l3-standard.yaml");
        fixture.Unit.Spec.UnitCredentialConfigMapRef = new V1ObjectReference { Kind = "ConfigMap", NamespaceProperty = SuperEdgeNames.KinsNamespace, Name = SuperEdgeNames.KinsConfigMap("test") };

        var observation = fixture.Observe();

        Assert.Equal(KinsState.Demoting, observation.State);
        Assert.Contains("unitCredentialConfigMapRef", observation.Reason, StringComparison.Ordinal);
    }

    // A K3s server pod as the StatefulSet controller makes it (manifest/kins_server.go:16-18), on its node.
    private static V1Pod ServerPod(string unit, string node, bool terminating, string ns = SuperEdgeNames.KinsNamespace) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta
        {
            Name = SuperEdgeNames.FirstServerPod(unit),
            NamespaceProperty = ns,
            Labels = new Dictionary<string, string> { [SuperEdgeNames.UnitPodLabel] = unit, [SuperEdgeNames.KinsRoleLabel] = SuperEdgeNames.KinsRoleServer },
            DeletionTimestamp = terminating ? new DateTime(2024, 5, 1, 12, 0, 30, DateTimeKind.Utc) : null,
            DeletionGracePeriodSeconds = terminating ? 30 : null,
        },
        Spec = new V1PodSpec { NodeName = node, Containers = [] },
    };

    [Fact]
    public void L3_with_its_server_pod_still_terminating_is_Demoting_until_the_pod_is_gone()
    {
        var fixture = Fixture.Load("l3-standard.yaml");
        var pod = ServerPod("test", "edge1", terminating: true);
        fixture.Objects.Add(pod);

        var observation = fixture.Observe();

        Assert.Equal(KinsState.Demoting, observation.State);
        Assert.StartsWith("Demoting to L3: every object is removed, but K3s server pod(s) test-server-kins-0 (terminating on edge1) are not gone yet: ", observation.Reason, StringComparison.Ordinal);
        Assert.Contains("confirms only once it is back", observation.Reason, StringComparison.Ordinal);

        fixture.Objects.Remove(pod);
        Assert.Equal(KinsState.Standard, fixture.Observe().State);
    }

    [Fact]
    public void Server_pods_of_other_units_or_namespaces_do_not_keep_a_unit_Demoting()
    {
        var fixture = Fixture.Load("l3-standard.yaml");
        fixture.Objects.Add(ServerPod("other", "edge1", terminating: true));
        fixture.Objects.Add(ServerPod("test", "edge1", terminating: true, ns: "default"));

        Assert.Equal(KinsState.Standard, fixture.Observe().State);
    }

    [Fact]
    public void A_promoted_unit_is_judged_by_its_workloads_not_its_server_pods()
    {
        var fixture = Fixture.Load("l4-ready.yaml");
        fixture.Objects.Add(ServerPod("test", "edge1", terminating: false));

        var observation = fixture.Observe();

        Assert.Equal(KinsState.Ready, observation.State);
        Assert.DoesNotContain(observation.Notices, n => n.Contains("preStop", StringComparison.Ordinal));
    }

    [Fact]
    public void A_promoted_units_server_pod_being_deleted_is_a_notice_that_its_data_goes_with_it()
    {
        var fixture = Fixture.Load("l4-ready.yaml");
        fixture.Objects.Add(ServerPod("test", "edge1", terminating: true));

        var observation = fixture.Observe();

        Assert.Equal(KinsState.Ready, observation.State);
        var notice = Assert.Single(observation.Notices, n => n.Contains("preStop", StringComparison.Ordinal));
        Assert.StartsWith("K3s server pod test-server-kins-0 on edge1 is being deleted: when its kubelet stops it, its preStop deletes the K3s data (SuperEdge v0.9, flaw 9)", notice, StringComparison.Ordinal);
    }

    [Fact]
    public void L3_with_only_the_kept_Secret_is_Standard()
    {
        var observation = Fixture.Load("l3-standard.yaml").Observe();

        Assert.Equal(KinsState.Standard, observation.State);
        Assert.Empty(observation.ServerNodes);
        Assert.Empty(observation.Components);
    }

    [Fact]
    public void Units_do_not_see_each_others_objects()
    {
        var l4 = Fixture.Load("l4-ready.yaml");
        var l5 = Fixture.Load("l5-ready.yaml");
        var standard = Fixture.Load("l3-standard.yaml");
        standard.Unit.Metadata.Name = "elsewhere";
        var snapshot = l4.Snapshot(l5);

        Assert.Equal(KinsState.Ready, KinsObserver.Observe(l4.Unit, snapshot).State);
        Assert.Equal(KinsState.Ready, KinsObserver.Observe(l5.Unit, snapshot).State);
        Assert.Equal(KinsState.Standard, KinsObserver.Observe(standard.Unit, snapshot).State);
    }

    [Fact]
    public void Watch_events_keep_a_snapshot_current()
    {
        var fixture = Fixture.Load("l4-ready.yaml");
        var snapshot = fixture.Snapshot();
        var server = fixture.Get<V1StatefulSet>("test-server-kins");

        server.Status.ReadyReplicas = 0;
        snapshot.Apply(WatchEventType.Modified, server);
        Assert.Equal(KinsState.Promoting, KinsObserver.Observe(fixture.Unit, snapshot).State);

        server.Status.ReadyReplicas = 1;
        snapshot.Apply(WatchEventType.Modified, server);
        Assert.Equal(KinsState.Ready, KinsObserver.Observe(fixture.Unit, snapshot).State);

        // Demotion as a watch sees it: objects deleted, the role label dropped from the node.
        fixture.Unit.Spec.AutonomyLevel = "L3";
        fixture.Unit.Spec.UnitCredentialConfigMapRef = null;
        fixture.Unit.Spec.SetNode!.Taints = null;
        foreach (var item in fixture.Objects.Where(o => o is not V1Node))
        {
            snapshot.Apply(WatchEventType.Deleted, item);
        }
        Assert.Equal(KinsState.Demoting, KinsObserver.Observe(fixture.Unit, snapshot).State);
        var node = fixture.Get<V1Node>("edge1");
        node.Metadata.Labels.Remove(SuperEdgeNames.KinsRoleLabel);
        node.Metadata.ResourceVersion = "42";
        snapshot.Apply(WatchEventType.Modified, node);

        Assert.Equal(KinsState.Standard, KinsObserver.Observe(fixture.Unit, snapshot).State);
        Assert.Equal(0, snapshot.Count);
        Assert.Equal("42", snapshot.ResourceVersionOf(ObservedKind.Node));
    }

    [Fact]
    public void An_object_that_loses_its_unit_label_leaves_that_unit()
    {
        var fixture = Fixture.Load("l4-ready.yaml");
        var snapshot = fixture.Snapshot();
        var cm = fixture.Get<V1ConfigMap>("test-cm-kins");

        cm.Metadata.Labels.Remove("test");
        snapshot.Apply(WatchEventType.Modified, cm);

        Assert.Equal(KinsState.Degraded, KinsObserver.Observe(fixture.Unit, snapshot).State);
    }
}
