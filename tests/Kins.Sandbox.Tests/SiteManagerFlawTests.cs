using System.Text.Json.Nodes;
using Kins.Core.Sandbox;
using Kins.Core.SuperEdge;

namespace Kins.Sandbox.Tests;

/// <summary>
/// The flaws of SuperEdge v0.9.0's site-manager that the sandbox reproduces ("Flaws of v0.9 a client must live with"
/// in SITE-MANAGER.md, numbered as there), asserted on the raw objects with kubectl and the HTTPS API.
/// </summary>
public sealed class SiteManagerFlawTests
{
    private static readonly TimeSpan FastResync = TimeSpan.FromSeconds(1);

    private static Task<TestSandbox> StartAsync(TimeSpan? readyDelay = null) =>
        TestSandbox.StartAsync(new SandboxOptions { ReadyDelay = readyDelay ?? TimeSpan.Zero, SyncPeriod = FastResync });

    private static async Task<bool> ServerReadyAsync(TestSandbox sandbox, string unit) =>
        (long?)(await sandbox.GetAsync($"{RawObjects.KinsAppsPath}/statefulsets/{SuperEdgeNames.ServerStatefulSet(unit)}"))?["status"]?["readyReplicas"] == 1;

    [Fact]
    public async Task Flaws_1_2_a_unit_created_at_L4_fails_with_Insufficient_Ready_Node_and_stays_Failed_while_its_pods_run()
    {
        await using var sandbox = await StartAsync();
        await sandbox.FreeArticleNodesAsync();

        await sandbox.ApplyAsync(RawObjects.NodeUnitYaml("direct", "L4", ["edge1", "edge2", "edge3"]));

        await TestSandbox.EventuallyAsync(() => ServerReadyAsync(sandbox, "direct"), "the K3s server of direct Ready");
        Assert.Equal("Failed", await sandbox.JsonPathAsync("{.status.unitClusterStatus.phase}", "get", "nu", "direct"));
        var conditions = Assert.IsType<JsonArray>((await sandbox.UnitAsync("direct"))!["status"]!["unitClusterStatus"]!["conditions"]);
        var init = Assert.IsType<JsonObject>(Assert.Single(conditions));
        Assert.Equal(["lastProbeTime", "message", "status", "type"], init.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(("Init", "False", "Insufficient Ready Node"), ((string?)init["type"], (string?)init["status"], (string?)init["message"]));
        Assert.NotNull(Kins.Sandbox.Store.Timestamps.Parse((string?)init["lastProbeTime"]));
    }

    [Fact]
    public async Task Flaw_3_credential_reference_and_kins_taint_are_set_while_no_pod_is_Ready()
    {
        await using var sandbox = await StartAsync(readyDelay: TimeSpan.FromMinutes(10));

        await sandbox.SetLevelAsync("test", "L4");

        await TestSandbox.EventuallyAsync(async () =>
            (await sandbox.UnitAsync("test"))?["spec"]?["unitCredentialConfigMapRef"] is not null
            && (await sandbox.NodeAsync("edge2")).HasKinsTaint(), "the reference on the unit and the kins taint on the nodes");
        Assert.Equal("test-cm-kins", await sandbox.JsonPathAsync("{.spec.unitCredentialConfigMapRef.name}", "get", "nu", "test"));
        Assert.Equal("kins:NoSchedule", await sandbox.JsonPathAsync("{.spec.setNode.taints[0].key}:{.spec.setNode.taints[0].effect}", "get", "nu", "test"));
        Assert.Equal("False", await sandbox.JsonPathAsync("{.status.conditions[?(@.type==\"Ready\")].status}", "get", "pod", "test-server-kins-0", "-n", "kins-system"));
        Assert.NotNull(await sandbox.GetAsync(RawObjects.KinsPath + "/configmaps/test-cm-kins"));
        // Promoted from L3 without an error: site-manager writes no phase at all (it never writes Running).
        Assert.Equal(string.Empty, await sandbox.JsonPathAsync("{.status.unitClusterStatus.phase}", "get", "nu", "test"));
    }

    [Fact]
    public async Task Flaw_13_unit_node_all_is_created_at_start_over_every_Linux_node()
    {
        await using var sandbox = await StartAsync();

        await TestSandbox.EventuallyAsync(async () => (string?)(await sandbox.UnitAsync(SuperEdgeNames.AllNodesUnit))?["status"]?["readyRate"] == "4/4",
            "unit-node-all with the four nodes");
        var unit = (await sandbox.UnitAsync(SuperEdgeNames.AllNodesUnit))!;
        Assert.Equal("other", (string?)unit["spec"]!["type"]);
        Assert.Equal("L3", (string?)unit["spec"]!["autonomyLevel"]);
        Assert.Equal("linux", (string?)unit["spec"]!["selector"]!["matchLabels"]!["kubernetes.io/os"]);
        Assert.Null(unit["spec"]!["nodes"]);
        await TestSandbox.EventuallyAsync(async () => (await sandbox.GetAsync("/api/v1/nodes?labelSelector=unit-node-all%3Dnodeunits.superedge.io")).Names().Count() == 4,
            "every node labelled unit-node-all=nodeunits.superedge.io");
        foreach (var node in new[] { "master", "edge1", "edge2", "edge3" })
        {
            Assert.Equal("linux", (await sandbox.NodeAsync(node)).Label("kubernetes.io/os"));
        }
    }

    [Fact]
    public async Task Unit_node_all_appears_in_an_empty_sandbox_once_the_CRD_is_applied()
    {
        await using var sandbox = await TestSandbox.StartAsync(new SandboxOptions { Empty = true, ReadyDelay = TimeSpan.Zero, SyncPeriod = FastResync });
        var crd = Path.Combine(sandbox.Folder, "crd.yaml");
        await File.WriteAllTextAsync(crd, Kins.Sandbox.World.EmbeddedCrd.NodeUnitsYaml());

        await sandbox.Kubectl.OkAsync("apply", "-f", crd);

        await TestSandbox.EventuallyAsync(async () => await sandbox.UnitAsync(SuperEdgeNames.AllNodesUnit) is not null, "unit-node-all created");
        Assert.Equal("unit-node-all", await sandbox.JsonPathAsync("{.items[*].metadata.name}", "get", "nu"));
    }

    [Fact]
    public async Task Flaws_4_5_a_selector_unit_demotes_but_its_nodes_keep_kins_role_the_kins_taint_and_after_deletion_its_label()
    {
        await using var sandbox = await StartAsync();
        await sandbox.FreeArticleNodesAsync();
        await sandbox.ApplyAsync(RawObjects.NodeUnitYaml("sel", "L3", selectorYaml: RawObjects.HostnameSelector("edge1", "edge2", "edge3")));
        await TestSandbox.EventuallyAsync(async () => (string?)(await sandbox.UnitAsync("sel"))?["status"]?["readyRate"] == "3/3", "sel sees its three nodes");

        await sandbox.SetLevelAsync("sel", "L4");
        await TestSandbox.EventuallyAsync(async () => await ServerReadyAsync(sandbox, "sel") && (await sandbox.NodeAsync("edge3")).HasKinsTaint(), "sel promoted");
        await sandbox.SetLevelAsync("sel", "L3");
        await TestSandbox.EventuallyAsync(async () =>
            !(await sandbox.GetAsync(RawObjects.KinsAppsPath + "/statefulsets")).Names().Any()
            && (await sandbox.UnitAsync("sel"))?["spec"]?["unitCredentialConfigMapRef"] is null, "sel's K3s objects gone and its reference cleared");

        Assert.Equal("server", await sandbox.JsonPathAsync("{.metadata.labels.site\\.superedge\\.io/kins-role}", "get", "node", "edge1"));
        Assert.True((await sandbox.NodeAsync("edge1")).HasKinsTaint(), "the kins taint left edge1");

        await sandbox.Kubectl.OkAsync("delete", "nu", "sel", "--wait=true", "--timeout=20s");
        Assert.Equal("nodeunits.superedge.io", (await sandbox.NodeAsync("edge2")).Label("sel"));
    }

    [Fact]
    public async Task Flaw_6_a_mixed_unit_strips_its_selector_chosen_server_at_every_update_and_resync_and_the_server_pod_restarts()
    {
        await using var sandbox = await StartAsync();
        await sandbox.FreeArticleNodesAsync();
        await sandbox.ApplyAsync(RawObjects.NodeUnitYaml("mix", "L3", ["edge3"], RawObjects.HostnameSelector("edge1", "edge2")));
        await TestSandbox.EventuallyAsync(async () => (string?)(await sandbox.UnitAsync("mix"))?["status"]?["readyRate"] == "3/3", "mix sees its three nodes");

        await sandbox.SetLevelAsync("mix", "L4");
        string? first = null;
        await TestSandbox.EventuallyAsync(async () =>
        {
            var pod = await sandbox.GetAsync(RawObjects.KinsPath + "/pods/mix-server-kins-0");
            first = (string?)pod?["metadata"]?["uid"];
            return pod.PodReady() && (string?)pod!["spec"]!["nodeName"] == "edge1";
        }, "the K3s server Ready on edge1, the first of readyNodes");

        // edge1 is a selector member, not in spec.nodes: the next resync deletes its server pod (and PV), then relabels it.
        await TestSandbox.EventuallyAsync(async () =>
            (string?)(await sandbox.GetAsync(RawObjects.KinsPath + "/pods/mix-server-kins-0"))?["metadata"]?["uid"] is { } uid && uid != first,
            "the server pod deleted and made again");
    }

    [Fact]
    public async Task Flaw_10_L5_to_L4_keeps_three_servers_and_the_join_StatefulSet_through_later_passes()
    {
        await using var sandbox = await StartAsync();
        await sandbox.SetLevelAsync("test", "L5");
        await TestSandbox.EventuallyAsync(async () =>
            (long?)(await sandbox.GetAsync($"{RawObjects.KinsAppsPath}/statefulsets/test-server-kins-join"))?["status"]?["readyReplicas"] == 2,
            "three Ready servers at L5");

        await sandbox.SetLevelAsync("test", "L4");
        // A hand-deleted kins object returns at the next L4 pass: proof that L4 passes ran since the change.
        var (deleted, _) = await sandbox.SendAsync(HttpMethod.Delete, RawObjects.KinsPath + "/services/test-svc-kins");
        Assert.Equal(System.Net.HttpStatusCode.OK, deleted);
        await TestSandbox.EventuallyAsync(async () => await sandbox.GetAsync(RawObjects.KinsPath + "/services/test-svc-kins") is not null, "test-svc-kins recreated");

        Assert.Equal("2", await sandbox.JsonPathAsync("{.spec.replicas}", "get", "sts", "test-server-kins-join", "-n", "kins-system"));
        Assert.Equal(["edge1", "edge2", "edge3"], (await sandbox.GetAsync("/api/v1/nodes?labelSelector=site.superedge.io%2Fkins-role%3Dserver")).Names().Order(StringComparer.Ordinal));
        var servers = (await sandbox.GetAsync(RawObjects.KinsPath + "/pods?labelSelector=site.superedge.io%2Fkins-role%3Dserver")).Names();
        Assert.Equal(["test-server-kins-0", "test-server-kins-join-0", "test-server-kins-join-1"], servers.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Flaw_16_level_l4_installs_nothing_blocks_deletion_and_repeats_the_Warning_event_with_a_growing_count()
    {
        await using var sandbox = await StartAsync();
        await sandbox.SetLevelAsync("test", "l4");

        await sandbox.Kubectl.OkAsync("delete", "nu", "test", "--wait=false");

        await TestSandbox.EventuallyAsync(async () =>
            (await sandbox.GetAsync("/api/v1/namespaces/default/events")) is { } list
            && (list["items"] as JsonArray ?? []).Any(e => (long?)e?["count"] >= 2), "the event folded at least twice", seconds: 20);
        var events = (await sandbox.GetAsync("/api/v1/namespaces/default/events"))!["items"]!.AsArray();
        var guard = Assert.IsType<JsonObject>(Assert.Single(events));
        Assert.Equal("The nodeunit whose autonomyLevel is l4 is not allowed to be deleted", (string?)guard["reason"]);
        Assert.Equal("Before deleting, please adjust the autonomyLevel of nodeunit to L3", (string?)guard["message"]);
        Assert.Equal("nodeunit-controller", (string?)guard["source"]!["component"]);
        Assert.Equal(("Warning", "NodeUnit", "test"), ((string?)guard["type"], (string?)guard["involvedObject"]!["kind"], (string?)guard["involvedObject"]!["name"]));
        Assert.NotEqual(string.Empty, await sandbox.JsonPathAsync("{.metadata.deletionTimestamp}", "get", "nu", "test"));
        Assert.Empty((await sandbox.GetAsync(RawObjects.KinsAppsPath + "/statefulsets")).Names());

        await sandbox.SetLevelAsync("test", "L3");
        await TestSandbox.EventuallyAsync(async () => await sandbox.UnitAsync("test") is null, "deletion goes through at L3");
    }

    [Fact]
    public async Task A_unit_name_starting_with_a_digit_fails_its_promotion_with_the_API_servers_422_text_after_steps_1_to_5()
    {
        await using var sandbox = await StartAsync();
        await sandbox.FreeArticleNodesAsync();
        await sandbox.ApplyAsync(RawObjects.NodeUnitYaml("1abc", "L3", ["edge1"]));
        await TestSandbox.EventuallyAsync(async () => (string?)(await sandbox.UnitAsync("1abc"))?["status"]?["readyRate"] == "1/1", "1abc sees edge1");

        await sandbox.SetLevelAsync("1abc", "L4");

        await TestSandbox.EventuallyAsync(async () => await sandbox.JsonPathAsync("{.status.unitClusterStatus.phase}", "get", "nu", "1abc") == "Failed", "phase Failed");
        Assert.Equal(
            "unable to create service: Service \"1abc-server-kins-init\" is invalid: metadata.name: Invalid value: \"1abc-server-kins-init\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
            await sandbox.JsonPathAsync("{.status.unitClusterStatus.conditions[0].message}", "get", "nu", "1abc"));
        Assert.NotNull(await sandbox.GetAsync(RawObjects.KinsAppsPath + "/daemonsets/1abc-cri-kins"));
        Assert.NotNull(await sandbox.GetAsync("/api/v1/persistentvolumes/1abc-local-pv-edge1"));
        Assert.Null(await sandbox.GetAsync(RawObjects.KinsAppsPath + "/statefulsets/1abc-server-kins"));
    }

    [Fact]
    public async Task A_name_over_63_characters_gets_the_finalizer_but_never_a_status_and_its_deletion_never_completes()
    {
        await using var sandbox = await StartAsync();
        var name = "u" + new string('x', 63);
        await sandbox.ApplyAsync(RawObjects.NodeUnitYaml(name, "L3", ["edge1"]));
        await TestSandbox.EventuallyAsync(async () => (await sandbox.UnitAsync(name))?["metadata"]?["finalizers"] is JsonArray { Count: 1 }, "the finalizer");

        await sandbox.Kubectl.OkAsync("delete", "nu", name, "--wait=false");

        // Several resyncs later: still there, no status, no default setNode label (step 1 fails at every pass).
        var deadline = DateTime.UtcNow + (4 * FastResync);
        while (DateTime.UtcNow < deadline)
        {
            var unit = (await sandbox.UnitAsync(name))!;
            Assert.Null(unit["status"]?["readyRate"]);
            Assert.Null(unit["spec"]?["setNode"]?["labels"]?[name]);
            await Task.Delay(200);
        }
        Assert.NotNull(await sandbox.UnitAsync(name));
    }

    [Fact]
    public async Task A_41_character_name_at_L4_gets_a_StatefulSet_that_makes_no_pod_and_site_manager_reports_nothing()
    {
        await using var sandbox = await StartAsync();
        await sandbox.FreeArticleNodesAsync();
        var name = "u" + new string('x', 40);
        await sandbox.ApplyAsync(RawObjects.NodeUnitYaml(name, "L3", ["edge1"]));
        await TestSandbox.EventuallyAsync(async () => (string?)(await sandbox.UnitAsync(name))?["status"]?["readyRate"] == "1/1", "the unit sees edge1");

        await sandbox.SetLevelAsync(name, "L4");

        await TestSandbox.EventuallyAsync(async () =>
            (await sandbox.GetAsync("/api/v1/namespaces/kins-system/events")) is { } list
            && (list["items"] as JsonArray ?? []).Any(e => (string?)e?["reason"] == "FailedCreate"), "the StatefulSet's FailedCreate event");
        var failed = (await sandbox.GetAsync("/api/v1/namespaces/kins-system/events"))!["items"]!.AsArray().Single(e => (string?)e?["reason"] == "FailedCreate")!;
        Assert.Contains("must be no more than 63 characters", (string?)failed["message"], StringComparison.Ordinal);
        Assert.Empty((await sandbox.GetAsync(RawObjects.KinsPath + "/pods?labelSelector=site.superedge.io%2Fkins-role%3Dserver")).Names());
        Assert.NotNull((await sandbox.UnitAsync(name))!["spec"]!["unitCredentialConfigMapRef"]);
        Assert.Equal(string.Empty, await sandbox.JsonPathAsync("{.status.unitClusterStatus.phase}", "get", "nu", name));
    }

    [Fact]
    public async Task Flaw_7_every_L3_pass_drops_NoSchedule_and_kins_taints_from_setNode_and_the_nodes_follow()
    {
        await using var sandbox = await StartAsync();

        await sandbox.MergePatchUnitAsync("test", """
            {"spec":{"setNode":{"taints":[{"key":"dedicated","value":"x","effect":"NoSchedule"},{"key":"maintenance","effect":"NoExecute"},{"key":"soft","effect":"PreferNoSchedule"}]}}}
            """);

        await TestSandbox.EventuallyAsync(async () =>
            await sandbox.JsonPathAsync("{.spec.setNode.taints[*].key}", "get", "nu", "test") == "maintenance soft", "the filtered taints");
        await TestSandbox.EventuallyAsync(async () =>
        {
            var keys = ((await sandbox.NodeAsync("edge1"))?["spec"]?["taints"] as JsonArray ?? []).Select(t => (string?)t?["key"]).Order(StringComparer.Ordinal);
            return keys.SequenceEqual(["maintenance", "soft"]);
        }, "edge1 carries the kept taints only");
    }

    [Fact]
    public async Task Flaw_5_a_member_already_labelled_server_is_taken_as_the_server_before_readyNodes_in_name_order()
    {
        await using var sandbox = await StartAsync();
        await sandbox.FreeArticleNodesAsync();
        await sandbox.ApplyAsync(RawObjects.NodeUnitYaml("sel", "L3", selectorYaml: RawObjects.HostnameSelector("edge1", "edge2", "edge3")));
        await TestSandbox.EventuallyAsync(async () => (string?)(await sandbox.UnitAsync("sel"))?["status"]?["readyRate"] == "3/3", "sel sees its three nodes");
        await sandbox.Kubectl.OkAsync("label", "node", "edge3", "site.superedge.io/kins-role=server");

        await sandbox.SetLevelAsync("sel", "L4");

        await TestSandbox.EventuallyAsync(() => ServerReadyAsync(sandbox, "sel"), "the K3s server Ready");
        Assert.Equal("edge3", await sandbox.JsonPathAsync("{.spec.nodeName}", "get", "pod", "sel-server-kins-0", "-n", "kins-system"));
        Assert.Equal(["edge3"], (await sandbox.GetAsync("/api/v1/nodes?labelSelector=site.superedge.io%2Fkins-role%3Dserver")).Names());
        Assert.NotNull(await sandbox.GetAsync("/api/v1/persistentvolumes/sel-local-pv-edge3"));
    }

    [Fact]
    public async Task Flaw_13_an_L3_unit_strips_kins_role_from_the_nodes_its_spec_lists_at_every_pass()
    {
        await using var sandbox = await StartAsync();

        await sandbox.Kubectl.OkAsync("label", "node", "edge3", "site.superedge.io/kins-role=server");

        await TestSandbox.EventuallyAsync(async () => (await sandbox.NodeAsync("edge3")).Label(SuperEdgeNames.KinsRoleLabel) is null, "test's L3 pass strips edge3's role");
    }

    [Fact]
    public async Task Pods_and_claims_carry_the_manifests_labels_images_and_bindings()
    {
        await using var sandbox = await StartAsync();
        await sandbox.SetLevelAsync("test", "L4");
        await TestSandbox.EventuallyAsync(() => ServerReadyAsync(sandbox, "test"), "the K3s server Ready");
        await TestSandbox.EventuallyAsync(async () => (await sandbox.GetAsync(RawObjects.KinsPath + "/pods?labelSelector=site.superedge.io%2Fkins-role%3Dagent")).Names().Count() == 2,
            "two agents");

        var server = (await sandbox.GetAsync(RawObjects.KinsPath + "/pods/test-server-kins-0"))!;
        Assert.Equal("test", server.Label("site.superedge.io/nodeunit"));
        Assert.Equal("init", server.Label("site.superedge.io/server-type"));
        Assert.Equal(SuperEdgeNames.DefaultK3sImage, (string?)server["spec"]!["containers"]![0]!["image"]);
        Assert.Contains("--cluster-init", server["spec"]!["containers"]![0]!["args"]!.AsArray().Select(a => (string?)a));
        var cri = (await sandbox.GetAsync(RawObjects.KinsPath + "/pods?labelSelector=site.superedge.io%2Fkins-role%3Dcri-wrapper"))!["items"]!.AsArray();
        Assert.Equal(3, cri.Count);
        Assert.All(cri, p => Assert.Equal(SuperEdgeNames.DefaultCriwImage, (string?)p!["spec"]!["containers"]![0]!["image"]));
        var service = (await sandbox.GetAsync(RawObjects.KinsPath + "/services/test-svc-kins"))!;
        Assert.Equal(443, (int?)service["spec"]!["ports"]![0]!["port"]);
        Assert.Equal("test", (string?)service["spec"]!["selector"]!["site.superedge.io/nodeunit"]);

        // The server's claim from the volume claim template, bound to the PV site-manager made for its node (Kubernetes).
        var claim = (await sandbox.GetAsync(RawObjects.KinsPath + "/persistentvolumeclaims/rancher-root-test-server-kins-0"))!;
        Assert.Equal("test", claim.Label("site.superedge.io/nodeunit"));
        Assert.Equal(("test-local-pv-edge1", "Bound"), ((string?)claim["spec"]!["volumeName"], (string?)claim["status"]!["phase"]));
        Assert.Equal("rancher-root-test-server-kins-0", await sandbox.JsonPathAsync("{.spec.claimRef.name}", "get", "pv", "test-local-pv-edge1"));

        await sandbox.SetLevelAsync("test", "L3");
        await TestSandbox.EventuallyAsync(async () =>
            !(await sandbox.GetAsync(RawObjects.KinsPath + "/persistentvolumeclaims")).Names().Any()
            && !(await sandbox.GetAsync("/api/v1/persistentvolumes")).Names().Any(), "the claim and the PV deleted by the teardown");
    }
}
