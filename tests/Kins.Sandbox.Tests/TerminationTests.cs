using System.Net;
using System.Net.Http;
using System.Text.Json.Nodes;

namespace Kins.Sandbox.Tests;

/// <summary>
/// A pod ends only when its kubelet confirms it: deleted while its node is cut off from the cloud, it stays Terminating
/// (deletionTimestamp set) until the link is back, as on a real cluster; a force delete (grace period 0) ends it at once.
/// </summary>
public sealed class TerminationTests
{
    [Fact]
    public async Task A_demoted_cut_sites_server_pod_stays_Terminating_until_the_link_is_back()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await sandbox.Kubectl.OkAsync("patch", "nu", "test", "--type", "merge", "-p", """{"spec":{"autonomyLevel":"L4"}}""");
        await TestSandbox.EventuallyAsync(async () => await sandbox.PodAsync("test-server-kins-0") is { } pod && (string?)pod["status"]?["phase"] == "Running",
            "the K3s server running", seconds: 30);

        Assert.Equal(HttpStatusCode.OK, (await sandbox.SendAsync(HttpMethod.Post, "/sandbox/sites/test/offline")).Code);
        await TestSandbox.EventuallyAsync(() => Task.FromResult(sandbox.Server.Leases.IsPaused("edge1")), "the cut site's kubelets silent");
        await sandbox.Kubectl.OkAsync("patch", "nu", "test", "--type", "merge", "-p", """{"spec":{"autonomyLevel":"L3"}}""");
        await TestSandbox.EventuallyAsync(async () => (await sandbox.Kubectl.OkAsync("get", "sts", "-n", "kins-system", "-o", "name")).Stdout.Trim().Length == 0,
            "the StatefulSets torn down");

        var terminating = await sandbox.PodAsync("test-server-kins-0");
        Assert.NotNull(terminating?["metadata"]?["deletionTimestamp"]);
        Assert.Equal(30, (int?)terminating!["metadata"]!["deletionGracePeriodSeconds"]);
        Assert.Contains("Terminating", (await sandbox.Kubectl.OkAsync("get", "pod", "-n", "kins-system", "test-server-kins-0")).Stdout, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await sandbox.SendAsync(HttpMethod.Post, "/sandbox/sites/test/online")).Code);
        await TestSandbox.EventuallyAsync(async () => await sandbox.PodAsync("test-server-kins-0") is null, "the pod gone once its kubelet is back");
    }

    [Fact]
    public async Task A_force_delete_ends_a_pod_whose_kubelet_is_cut_off()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await sandbox.Kubectl.OkAsync("patch", "nu", "test", "--type", "merge", "-p", """{"spec":{"autonomyLevel":"L4"}}""");
        await TestSandbox.EventuallyAsync(async () => await sandbox.PodAsync("test-server-kins-0") is { } pod && pod["spec"]?["nodeName"] is not null,
            "the K3s server placed", seconds: 30);
        Assert.Equal(HttpStatusCode.OK, (await sandbox.SendAsync(HttpMethod.Post, "/sandbox/sites/test/offline")).Code);
        await TestSandbox.EventuallyAsync(() => Task.FromResult(sandbox.Server.Leases.IsPaused("edge1")), "the cut site's kubelets silent");

        await sandbox.Kubectl.OkAsync("delete", "pod", "-n", "kins-system", "test-server-kins-0", "--wait=false");
        Assert.NotNull((await sandbox.PodAsync("test-server-kins-0"))?["metadata"]?["deletionTimestamp"]);

        await sandbox.Kubectl.OkAsync("delete", "pod", "-n", "kins-system", "test-server-kins-0", "--grace-period=0", "--force");
        var recreated = await sandbox.PodAsync("test-server-kins-0");
        Assert.True(recreated?["metadata"]?["deletionTimestamp"] is null, "the force-deleted pod is gone (the StatefulSet may have made a new one)");
    }

    [Fact]
    public async Task A_stopped_K3s_server_pod_takes_the_edge_clusters_data_with_it()
    {
        // Flaw 9 (manifest/kins_server.go:130-142): any stop of a server pod runs the preStop that deletes the K3s data.
        await using var sandbox = await TestSandbox.StartAsync();
        var edge = new Kubectl(await EdgeAccess.PromoteAsync(sandbox.Kubectl, sandbox.Folder), Path.Combine(sandbox.Folder, "edge-cache"));
        await edge.OkAsync("create", "configmap", "made-at-the-site", "--from-literal=a=b");

        await sandbox.Kubectl.OkAsync("delete", "pod", "-n", "kins-system", "test-server-kins-0");

        await TestSandbox.EventuallyAsync(async () =>
        {
            var left = await edge.RunAsync("get", "configmap", "made-at-the-site", "--ignore-not-found", "-o", "name", "--request-timeout=5s");
            return left.ExitCode == 0 && left.Stdout.Trim().Length == 0;
        }, "the edge cluster serving again, without the data of the stopped server", seconds: 30);
    }
}
