using k8s;
using k8s.Models;
using Kins.Core.Model;
using Kins.Core.SuperEdge;

namespace Kins.Sandbox.Tests;

/// <summary>site-manager's promotion rules over HTTPS with KubernetesClient.</summary>
public sealed class SiteManagerTests
{
    private static readonly string[] ExpectedServers = ["edge1", "edge2", "edge3"];

    private static Task<NodeUnit> GetUnitAsync(TestSandbox sandbox, string name) =>
        sandbox.Client.CustomObjects.GetClusterCustomObjectAsync<NodeUnit>(SuperEdgeNames.Group, SuperEdgeNames.Version, SuperEdgeNames.Plural, name);

    private static async Task PatchLevelAsync(TestSandbox sandbox, string name, string level) =>
        await sandbox.Client.CustomObjects.PatchClusterCustomObjectAsync(
            new V1Patch("{\"spec\":{\"autonomyLevel\":\"" + level + "\"}}", V1Patch.PatchType.MergePatch),
            SuperEdgeNames.Group, SuperEdgeNames.Version, SuperEdgeNames.Plural, name);

    [Fact]
    public async Task L5_runs_three_masters_on_three_server_nodes()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await PatchLevelAsync(sandbox, "test", "L5");
        await TestSandbox.EventuallyAsync(async () =>
        {
            var pods = await sandbox.Client.CoreV1.ListNamespacedPodAsync(SuperEdgeNames.KinsNamespace);
            var servers = pods.Items.Where(p => p.Metadata.Name.StartsWith("test-server-kins", StringComparison.Ordinal)).ToList();
            return servers.Count == 3 && servers.All(p => p.Status.Conditions.Any(c => c.Type == "Ready" && c.Status == "True"))
                && servers.Select(p => p.Spec.NodeName).Distinct().Count() == 3
                && pods.Items.Count(p => p.Metadata.Name.StartsWith("test-cri-kins-", StringComparison.Ordinal)) == 3
                && !pods.Items.Any(p => p.Metadata.Name.StartsWith("test-agent-kins-", StringComparison.Ordinal));
        }, "three Ready K3s masters on three nodes, cri on every node, no agents");

        var join = await sandbox.Client.AppsV1.ReadNamespacedStatefulSetAsync(SuperEdgeNames.JoinStatefulSet("test"), SuperEdgeNames.KinsNamespace);
        Assert.Equal(2, join.Spec.Replicas);
        var nodes = await sandbox.Client.CoreV1.ListNodeAsync(labelSelector: SuperEdgeNames.KinsRoleLabel + "=" + SuperEdgeNames.KinsRoleServer);
        Assert.Equal(ExpectedServers, nodes.Items.Select(n => n.Metadata.Name).Order(StringComparer.Ordinal));
        Assert.All(nodes.Items, n => Assert.Equal(SuperEdgeNames.MembershipLabelValue, n.Metadata.Labels["test"]));
        var pvs = await sandbox.Client.CoreV1.ListPersistentVolumeAsync(labelSelector: SuperEdgeNames.UnitResourceSelector("test"));
        Assert.Equal(3, pvs.Items.Count);
        var unit = await GetUnitAsync(sandbox, "test");
        Assert.Equal(SuperEdgeNames.KinsConfigMap("test"), unit.Spec.UnitCredentialConfigMapRef?.Name);
        Assert.Contains(unit.Spec.SetNode!.Taints!, t => t.Key == SuperEdgeNames.KinsTaintKey && t.Effect == SuperEdgeNames.KinsTaintEffect);
        Assert.Contains(SuperEdgeNames.Finalizer, unit.Metadata.Finalizers);
        var secret = await sandbox.Client.CoreV1.ReadNamespacedSecretAsync(SuperEdgeNames.KinsSecret("test"), SuperEdgeNames.KinsNamespace);
        Assert.EndsWith(",admin,admin,system:masters", System.Text.Encoding.UTF8.GetString(secret.Data[SuperEdgeNames.KnownTokensKey]), StringComparison.Ordinal);

        await PatchLevelAsync(sandbox, "test", "L3");
        await TestSandbox.EventuallyAsync(async () =>
            (await sandbox.Client.CoreV1.ListNamespacedPodAsync(SuperEdgeNames.KinsNamespace)).Items.Count == 0
            && (await sandbox.Client.CoreV1.ListNodeAsync(labelSelector: SuperEdgeNames.KinsRoleLabel)).Items.Count == 0
            && (await GetUnitAsync(sandbox, "test")).Spec.UnitCredentialConfigMapRef is null, "demotion tears everything down");
        Assert.NotNull(await sandbox.Client.CoreV1.ReadNamespacedSecretAsync(SuperEdgeNames.KinsSecret("test"), SuperEdgeNames.KinsNamespace));
    }

    [Fact]
    public async Task L5_with_two_ready_nodes_fails_with_Insufficient_Ready_Node()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await sandbox.SetNodeReadyAsync("edge3", ready: false);
        await TestSandbox.EventuallyAsync(async () => (await GetUnitAsync(sandbox, "test")).Status?.ReadyRate == "2/3", "readyRate 2/3");
        var unit = await GetUnitAsync(sandbox, "test");
        Assert.Equal(["edge3"], unit.Status!.NotReadyNodes!);

        await PatchLevelAsync(sandbox, "test", "L5");
        await TestSandbox.EventuallyAsync(async () => (await GetUnitAsync(sandbox, "test")).Status?.UnitClusterStatus?.Phase == SuperEdgeNames.UnitClusterPhaseFailed, "phase Failed");
        var failed = (await GetUnitAsync(sandbox, "test")).Status!.UnitClusterStatus!;
        var init = Assert.Single(failed.Conditions!);
        Assert.Equal((SuperEdgeNames.InitConditionType, "False", SuperEdgeNames.InsufficientReadyNodeMessage), (init.Type, init.Status, init.Message));
        Assert.Empty((await sandbox.Client.AppsV1.ListNamespacedStatefulSetAsync(SuperEdgeNames.KinsNamespace)).Items);

        // Flaw 1 (node_unit.go:507-523): the install succeeds once the third node is Ready, and Failed stays.
        await sandbox.SetNodeReadyAsync("edge3", ready: true);
        await TestSandbox.EventuallyAsync(async () =>
            (await sandbox.Client.AppsV1.ListNamespacedStatefulSetAsync(SuperEdgeNames.KinsNamespace)).Items.Count == 2
            && (await GetUnitAsync(sandbox, "test")).Spec.UnitCredentialConfigMapRef is not null, "promotion once the third node is Ready");
        Assert.Equal(SuperEdgeNames.UnitClusterPhaseFailed, (await GetUnitAsync(sandbox, "test")).Status?.UnitClusterStatus?.Phase);
    }

    [Fact]
    public async Task Sites_option_builds_units_that_promote()
    {
        await using var sandbox = await TestSandbox.StartAsync(new Kins.Core.Sandbox.SandboxOptions { Sites = 20, NodesPerSite = 2, ReadyDelay = TimeSpan.Zero });
        var units = await sandbox.Client.CustomObjects.ListClusterCustomObjectAsync<NodeUnitList>(SuperEdgeNames.Group, SuperEdgeNames.Version, SuperEdgeNames.Plural);
        Assert.Equal(22, units.Items.Count);
        Assert.Contains(units.Items, u => u.Name == SuperEdgeNames.AllNodesUnit);
        Assert.Contains(units.Items, u => u.Name == "site-0020" && u.Spec.Nodes!.SequenceEqual(["site-0020-node-1", "site-0020-node-2"]));
        await PatchLevelAsync(sandbox, "site-0007", "L4");
        await TestSandbox.EventuallyAsync(async () =>
        {
            var sts = await sandbox.Client.AppsV1.ListNamespacedStatefulSetAsync(SuperEdgeNames.KinsNamespace);
            return sts.Items.Any(s => s.Metadata.Name == "site-0007-server-kins" && s.Status?.ReadyReplicas == 1);
        }, "site-0007 server Ready");
    }
}
