using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Kins.Core.SuperEdge;

namespace Kins.Sandbox.Tests;

/// <summary>API defaulting of the built-in kinds and the deprecated watch paths, replayed with kubectl 1.32.</summary>
public sealed class DefaultingTests
{
    [Fact]
    public async Task Kubectl_rollout_status_of_the_kins_workloads_works_on_their_defaulted_update_strategies()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await sandbox.Kubectl.OkAsync("patch", "nu", "test", "--type", "merge", "-p", """{"spec":{"autonomyLevel":"L4"}}""");
        await TestSandbox.EventuallyAsync(async () =>
            (await sandbox.Client.AppsV1.ListNamespacedStatefulSetAsync(SuperEdgeNames.KinsNamespace)).Items.Any(), "the K3s server StatefulSet");

        var rollout = await sandbox.Kubectl.RunWithTimeoutAsync(TimeSpan.FromSeconds(60), "rollout", "status", "sts/test-server-kins", "-n", SuperEdgeNames.KinsNamespace, "--timeout", "30s");
        Assert.True(rollout.ExitCode == 0, rollout.ToString());
        Assert.Contains("roll out complete", rollout.Stdout, StringComparison.Ordinal);
        var daemons = await sandbox.Kubectl.OkAsync("rollout", "status", "ds", "-n", SuperEdgeNames.KinsNamespace, "--timeout", "30s");
        Assert.Contains("successfully rolled out", daemons.Stdout, StringComparison.Ordinal);

        var sts = await sandbox.Client.AppsV1.ReadNamespacedStatefulSetAsync("test-server-kins", SuperEdgeNames.KinsNamespace);
        Assert.Equal("RollingUpdate", sts.Spec.UpdateStrategy.Type);
        Assert.Equal(0, sts.Spec.UpdateStrategy.RollingUpdate.Partition);
        Assert.Equal(10, sts.Spec.RevisionHistoryLimit);
        Assert.Equal("Always", sts.Spec.Template.Spec.RestartPolicy);
        var pod = (await sandbox.Client.CoreV1.ListNamespacedPodAsync(SuperEdgeNames.KinsNamespace)).Items.First();
        Assert.Equal("ClusterFirst", pod.Spec.DnsPolicy);
        Assert.Equal("default-scheduler", pod.Spec.SchedulerName);
        Assert.Equal(30, pod.Spec.TerminationGracePeriodSeconds);
        Assert.Equal("/dev/termination-log", pod.Spec.Containers[0].TerminationMessagePath);
    }

    [Fact]
    public async Task A_DaemonSet_gets_its_defaults_and_a_client_value_is_kept()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var template = new V1PodTemplateSpec
        {
            Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "d" } },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "busybox" }], RestartPolicy = "Always", DnsPolicy = "Default" },
        };
        var ds = await sandbox.Client.AppsV1.CreateNamespacedDaemonSetAsync(new V1DaemonSet
        {
            Metadata = new V1ObjectMeta { Name = "d" },
            Spec = new V1DaemonSetSpec { Selector = new V1LabelSelector { MatchLabels = template.Metadata.Labels }, Template = template },
        }, "default");
        Assert.Equal("RollingUpdate", ds.Spec.UpdateStrategy.Type);
        Assert.Equal("1", ds.Spec.UpdateStrategy.RollingUpdate.MaxUnavailable.Value);
        Assert.Equal("Default", ds.Spec.Template.Spec.DnsPolicy);
        Assert.Equal("Always", ds.Spec.Template.Spec.Containers[0].ImagePullPolicy);
    }

    [Fact]
    public async Task The_deprecated_watch_paths_stream_the_same_events()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await sandbox.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "one" } }, "default");
        await sandbox.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "two" } }, "default");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using (var stream = await sandbox.Http.GetStreamAsync("/api/v1/watch/namespaces/default/configmaps/two", cts.Token))
        using (var reader = new StreamReader(stream))
        {
            var first = JsonNode.Parse((await reader.ReadLineAsync(cts.Token))!)!;
            Assert.Equal("ADDED", (string?)first["type"]);
            Assert.Equal("two", (string?)first["object"]!["metadata"]!["name"]);
            await sandbox.Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"a":"1"}}""", V1Patch.PatchType.MergePatch), "one", "default");
            await sandbox.Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"a":"2"}}""", V1Patch.PatchType.MergePatch), "two", "default");
            var next = JsonNode.Parse((await reader.ReadLineAsync(cts.Token))!)!;
            Assert.Equal("MODIFIED", (string?)next["type"]);
            Assert.Equal("two", (string?)next["object"]!["metadata"]!["name"]);
        }
        using (var stream = await sandbox.Http.GetStreamAsync("/apis/site.superedge.io/v1alpha2/watch/nodeunits", cts.Token))
        using (var reader = new StreamReader(stream))
        {
            var unit = JsonNode.Parse((await reader.ReadLineAsync(cts.Token))!)!;
            Assert.Equal("NodeUnit", (string?)unit["object"]!["kind"]);
        }
    }
}
