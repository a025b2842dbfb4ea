using System.Text.Json;
using k8s.Models;
using Kins.Core.Model;
using Kins.Core.Observe;
using Kins.Core.Plan;
using Kins.Core.SuperEdge;

namespace Kins.Core.Tests.Observe;

/// <summary>
/// How Kins judges a unit on a real SuperEdge v0.9 cluster, rule by rule and flaw by flaw of SITE-MANAGER.md
/// ("How a client can judge a unit's state", "Flaws of v0.9 a client must live with"), from hand-written fixtures.
/// </summary>
public sealed class V09JudgementTests
{
    private static readonly DateTimeOffset Probed = KinsObserverTests.FailureTime;

    private static Fixture FailingL4(DateTimeOffset probed, string message = SuperEdgeNames.InsufficientReadyNodeMessage)
    {
        var fixture = Fixture.Load("l4-ready.yaml");
        fixture.Unit.Status!.UnitClusterStatus = new UnitClusterStatus
        {
            Phase = SuperEdgeNames.UnitClusterPhaseFailed,
            Conditions = [new ClusterCondition { Type = SuperEdgeNames.InitConditionType, Status = "False", LastProbeTime = probed.UtcDateTime, Message = message }],
        };
        return fixture;
    }

    private static void ChangedByKinsAt(Fixture fixture, DateTimeOffset at) =>
        fixture.Unit.Metadata.Annotations = new Dictionary<string, string> { [SuperEdgeNames.LevelChangedAnnotation] = LevelChange.Format(at) };

    // Rule 2 (c): a Failed rewritten within 2·S, after the last level change, with the cluster not up, is current.
    [Fact]
    public void A_current_failure_is_Failed_with_site_managers_message()
    {
        var fixture = FailingL4(Probed, "unable to create statefulSet: quota exceeded").Without<V1StatefulSet>("test-server-kins");
        ChangedByKinsAt(fixture, Probed.AddSeconds(-5));

        var observation = fixture.ObserveAt(Probed.AddSeconds(59));

        Assert.Equal(KinsState.Failed, observation.State);
        Assert.True(observation.FailureIsCurrent);
        Assert.Equal("unable to create statefulSet: quota exceeded", observation.SiteManagerMessage);
        Assert.Contains("unable to create statefulSet: quota exceeded", observation.Reason, StringComparison.Ordinal);
    }

    // Flaw 1: never cleared; once site-manager stops rewriting it (2·S = 60 s), it is history.
    [Fact]
    public void A_failure_not_rewritten_for_two_sync_periods_is_stale()
    {
        var fixture = FailingL4(Probed).Without<V1StatefulSet>("test-server-kins");

        var observation = fixture.ObserveAt(Probed.AddSeconds(61));

        Assert.Equal(KinsState.Degraded, observation.State);
        Assert.False(observation.FailureIsCurrent);
        Assert.Null(observation.SiteManagerMessage);
        Assert.Equal(SuperEdgeNames.InsufficientReadyNodeMessage, observation.LastFailure?.Message);
        Assert.Contains(observation.Notices, n => n.Contains("never clears it", StringComparison.Ordinal));
    }

    // Rule 2: a failure from before Kins' own level change belongs to the previous attempt, however fresh.
    [Fact]
    public void A_failure_older_than_Kins_level_change_is_stale()
    {
        var fixture = FailingL4(Probed).Without<V1StatefulSet>("test-server-kins");
        fixture.Unit.Spec.UnitCredentialConfigMapRef = null;
        ChangedByKinsAt(fixture, Probed.AddSeconds(1));

        var observation = fixture.ObserveAt(Probed.AddSeconds(2));

        Assert.Equal(KinsState.Promoting, observation.State);
        Assert.False(observation.FailureIsCurrent);
    }

    // Rule 2, "that the client can see": on a real API server the managedFields entry owning the level has a time.
    [Fact]
    public void A_level_change_by_another_client_is_seen_in_managedFields()
    {
        var fixture = FailingL4(Probed).Without<V1StatefulSet>("test-server-kins");
        fixture.Unit.Spec.UnitCredentialConfigMapRef = null;
        fixture.Unit.Metadata.ManagedFields =
        [
            new V1ManagedFieldsEntry
            {
                Manager = "kubectl-patch", Operation = "Update", Time = Probed.AddSeconds(3).UtcDateTime,
                FieldsV1 = JsonSerializer.Deserialize<JsonElement>("""{"f:spec":{"f:autonomyLevel":{}}}"""),
            },
        ];

        Assert.Equal(KinsState.Promoting, fixture.ObserveAt(Probed.AddSeconds(10)).State);

        fixture.Unit.Metadata.ManagedFields[0].FieldsV1 = JsonSerializer.Deserialize<JsonElement>("""{"f:spec":{"f:nodes":{}}}""");
        Assert.Equal(KinsState.Failed, fixture.ObserveAt(Probed.AddSeconds(10)).State);
    }

    // A stale Failed never hides Ready, and neither does a current one: up wins (rule 4).
    [Fact]
    public void A_unit_that_is_up_is_Ready_whatever_its_phase()
    {
        var fixture = FailingL4(Probed);

        var observation = fixture.ObserveAt(Probed.AddSeconds(1));

        Assert.Equal(KinsState.Ready, observation.State);
        Assert.Equal("Failed", fixture.Unit.Status!.UnitClusterStatus!.Phase);
        Assert.Contains(observation.Notices, n => n.Contains(SuperEdgeNames.InsufficientReadyNodeMessage, StringComparison.Ordinal));
    }

    // Flaw 2: created directly at L4, the first pass fails "Insufficient Ready Node"; later passes install everything.
    [Fact]
    public void A_unit_created_at_L4_ends_Ready_while_its_phase_stays_Failed()
    {
        var fixture = FailingL4(Probed);
        fixture.Get<V1StatefulSet>("test-server-kins").Status.ReadyReplicas = 0;

        Assert.Equal(KinsState.Failed, fixture.ObserveAt(Probed.AddSeconds(1)).State);
        Assert.Equal(KinsState.Promoting, fixture.ObserveAt(Probed.AddMinutes(2)).State);

        fixture.Get<V1StatefulSet>("test-server-kins").Status.ReadyReplicas = 1;
        Assert.Equal(KinsState.Ready, fixture.ObserveAt(Probed.AddMinutes(3)).State);
    }

    // Flaw 2 as a wait meets it: the failed first pass is seconds old, but the next pass already created everything.
    [Theory]
    [InlineData(0, KinsState.Promoting)]
    [InlineData(1, KinsState.Promoting)]
    [InlineData(-1, KinsState.Failed)]
    public void A_fresh_failure_is_stale_once_a_later_pass_created_the_ConfigMap(int createdAfterFailure, KinsState expected)
    {
        var fixture = FailingL4(Probed);
        fixture.Get<V1StatefulSet>("test-server-kins").Status.ReadyReplicas = 0;
        fixture.Get<V1ConfigMap>("test-cm-kins").Metadata.CreationTimestamp = Probed.AddSeconds(createdAfterFailure).UtcDateTime;

        Assert.Equal(expected, fixture.ObserveAt(Probed.AddSeconds(2)).State);
    }

    // Rule 1: at L3 site-manager's status means nothing.
    [Fact]
    public void At_L3_a_failure_is_ignored()
    {
        var fixture = Fixture.Load("l3-standard.yaml");
        fixture.Unit.Status!.UnitClusterStatus = FailingL4(Probed).Unit.Status!.UnitClusterStatus;

        var observation = fixture.ObserveAt(Probed.AddSeconds(1));

        Assert.Equal(KinsState.Standard, observation.State);
        Assert.False(observation.FailureIsCurrent);
    }

    // Flaw 3 / rule 4: the ref says "every object created"; a missing one after that is a degradation.
    [Fact]
    public void Every_object_up_but_no_credential_ref_yet_is_Promoting()
    {
        var fixture = Fixture.Load("l4-ready.yaml");
        fixture.Unit.Spec.UnitCredentialConfigMapRef = null;

        var observation = fixture.Observe();

        Assert.Equal(KinsState.Promoting, observation.State);
        Assert.Contains("spec.unitCredentialConfigMapRef (not set)", observation.Reason, StringComparison.Ordinal);
    }

    // Flaw 13: unit-node-all overlaps every Linux node; a node's server role is the unit's whose PV names it.
    [Fact]
    public void Unit_node_all_stays_Standard_when_another_unit_is_promoted()
    {
        var all = Fixture.Load("unit-node-all.yaml");
        var test = Fixture.Load("l4-ready.yaml");
        var snapshot = test.Snapshot(all);

        var observation = KinsObserver.Observe(all.Unit, snapshot);

        Assert.Equal(KinsState.Standard, observation.State);
        Assert.Empty(observation.ServerNodes);
        Assert.Empty(observation.LeftoverServerRoleNodes);
        Assert.Empty(observation.Notices);
        Assert.Equal(KinsState.Ready, KinsObserver.Observe(test.Unit, snapshot).State);
    }

    [Fact]
    public void A_node_serving_another_unit_is_not_counted_as_a_server()
    {
        var test = Fixture.Load("l4-ready.yaml");
        var other = Fixture.Load("l4-ready.yaml", "other");
        other.Objects.RemoveAll(o => o is V1Node or V1PersistentVolume);
        test.Get<V1Node>("edge1").Metadata.Labels["other"] = SuperEdgeNames.MembershipLabelValue;
        other.Unit.Spec.Nodes = ["edge1"];

        var observation = KinsObserver.Observe(other.Unit, test.Snapshot(other));

        Assert.Empty(observation.ServerNodes);
        Assert.Equal(KinsState.Degraded, observation.State);
        Assert.Contains("server role on 1 ready node(s) (0 labelled)", observation.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_server_node_another_units_PV_names_too_is_reported()
    {
        var test = Fixture.Load("l4-ready.yaml");
        var other = Fixture.Load("l4-ready.yaml", "other");
        other.Objects.RemoveAll(o => o is V1Node);
        other.Get<V1PersistentVolume>("other-local-pv-other-edge1").Metadata.Name = "other-local-pv-edge1";
        other.Get<V1PersistentVolume>("other-local-pv-edge1").Spec.NodeAffinity = null;
        test.Get<V1Node>("edge1").Metadata.Labels["other"] = SuperEdgeNames.MembershipLabelValue;
        other.Get<V1StatefulSet>("other-server-kins").Status.ReadyReplicas = 0;

        var observation = KinsObserver.Observe(other.Unit, test.Snapshot(other));

        Assert.Equal(["edge1"], observation.ServerNodes);
        Assert.Equal(KinsState.Promoting, observation.State);
        Assert.Contains(observation.Notices, n => n.StartsWith("Node edge1 is a K3s server of test as well", StringComparison.Ordinal));
    }

    // Flaw 5 / rule 5: demotion of a selector unit is complete without the node side; the leftover is reported.
    [Fact]
    public void A_demoted_selector_unit_is_Standard_and_names_the_leftover_role_label()
    {
        var observation = Fixture.Load("selector-demoted.yaml").ObserveAt(Probed);

        Assert.Equal(KinsState.Standard, observation.State);
        Assert.Empty(observation.ServerNodes);
        Assert.Equal(["z1"], observation.LeftoverServerRoleNodes);
        Assert.Contains(observation.Notices, n => n.Contains("kubectl label node z1 site.superedge.io/kins-role-", StringComparison.Ordinal));
    }

    // kins.go:566-578: for nodes in spec.nodes the role label is removed by site-manager, so it is still to come.
    [Fact]
    public void A_role_label_on_a_spec_nodes_member_after_demotion_is_still_Demoting()
    {
        var fixture = Fixture.Load("selector-demoted.yaml");
        fixture.Unit.Spec.Nodes = ["z1"];

        var observation = fixture.ObserveAt(Probed);

        Assert.Equal(KinsState.Demoting, observation.State);
        Assert.Contains("the server role on z1", observation.Reason, StringComparison.Ordinal);
        Assert.Empty(observation.LeftoverServerRoleNodes);
    }

    // Rule 5: the teardown also rewrites setNode.taints without the kins taint.
    [Fact]
    public void A_kins_taint_left_in_setNode_is_Demoting()
    {
        var fixture = Fixture.Load("l3-standard.yaml");
        fixture.Unit.Spec.SetNode!.Taints = [new V1Taint { Key = SuperEdgeNames.KinsTaintKey, Effect = SuperEdgeNames.KinsTaintEffect }];

        var observation = fixture.Observe();

        Assert.Equal(KinsState.Demoting, observation.State);
        Assert.Contains("kins taint in spec.setNode.taints", observation.Reason, StringComparison.Ordinal);
    }

    // Flaw 10: L5 to L4 removes nothing.
    [Fact]
    public void L5_to_L4_is_Ready_and_reports_the_three_servers_it_keeps()
    {
        var fixture = Fixture.Load("l5-ready.yaml");
        fixture.Unit.Spec.AutonomyLevel = "L4";

        var observation = fixture.Observe();

        Assert.Equal(KinsState.Ready, observation.State);
        Assert.Equal(["n1", "n2", "n3"], observation.ServerNodes);
        Assert.Contains("3 K3s servers kept from L5", observation.Reason, StringComparison.Ordinal);
        var join = observation.Components.Single(c => c.Component == KinsComponent.JoinStatefulSet);
        Assert.False(join.Expected);
        Assert.Contains(observation.Notices, n => n.Contains("one K3s server (embedded etcd)", StringComparison.Ordinal)
            && n.Contains("site5-server-kins-join", StringComparison.Ordinal) && n.Contains("-Level L3", StringComparison.Ordinal));
    }

    // Flaw 16: site-manager compares the level exactly.
    [Theory]
    [InlineData("l4", "\"l4\"", "L4")]
    [InlineData("L4 ", "\"L4 \"", "L4")]
    [InlineData("", "\"\"", "L3")]
    public void An_inexact_level_is_listed_as_stored_with_advice(string stored, string shown, string advised)
    {
        var fixture = Fixture.Load("l4-ready.yaml");
        fixture.Unit.Spec.AutonomyLevel = stored;

        var observation = fixture.Observe();

        Assert.Null(fixture.Unit.Level);
        Assert.Equal(KinsState.Failed, observation.State);
        Assert.Contains(shown, observation.Reason, StringComparison.Ordinal);
        Assert.Contains("refuses to let the unit be deleted", observation.Reason, StringComparison.Ordinal);
        Assert.EndsWith("-Level " + advised, observation.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Deleting_with_an_inexact_level_says_why_the_deletion_is_blocked()
    {
        var fixture = Fixture.Load("l3-standard.yaml");
        fixture.Unit.Spec.AutonomyLevel = "l3";
        fixture.Unit.Metadata.DeletionTimestamp = Probed.UtcDateTime;

        var observation = fixture.Observe();

        Assert.Equal(KinsState.Deleting, observation.State);
        Assert.Contains("\"l3\", which is not exactly L3", observation.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_agent_DaemonSet_with_no_pods_is_ready()
    {
        var fixture = Fixture.Load("l4-ready.yaml");
        var agent = fixture.Get<V1DaemonSet>("test-agent-kins").Status;
        agent.DesiredNumberScheduled = 0;
        agent.NumberReady = 0;

        Assert.Equal(KinsState.Ready, fixture.Observe().State);
    }

    [Fact]
    public void A_server_PV_names_its_node_by_affinity_or_by_name()
    {
        var fixture = Fixture.Load("l4-ready.yaml");
        fixture.Get<V1PersistentVolume>("test-local-pv-edge1").Spec.NodeAffinity = null;

        Assert.Equal(["edge1"], fixture.Observe(Fixture.Load("unit-node-all.yaml")).ServerNodes);
    }
}
