using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Kins.Core.SuperEdge;

namespace Kins.Sandbox.Tests;

/// <summary>Server-side dry run, replayed with kubectl 1.32: every write checked as a real one and nothing stored.</summary>
public sealed class DryRunTests
{
    private const string NuPath = "/apis/site.superedge.io/v1alpha2/nodeunits";

    [Fact]
    public async Task Kubectl_delete_dry_run_of_an_L4_unit_leaves_everything_as_it_was()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await sandbox.Kubectl.OkAsync("patch", "nu", "test", "--type", "merge", "-p", """{"spec":{"autonomyLevel":"L4"}}""");
        await TestSandbox.EventuallyAsync(async () =>
            (await sandbox.Client.CoreV1.ListNamespacedConfigMapAsync(SuperEdgeNames.KinsNamespace)).Items.Any(c => c.Metadata.Name == SuperEdgeNames.KinsConfigMap("test")),
            "the L4 unit's kubeconfig ConfigMap");
        var before = sandbox.Server.Store.CurrentResourceVersion;
        var unitBefore = await sandbox.SendAsync(HttpMethod.Get, NuPath + "/test");

        var deleted = await sandbox.Kubectl.OkAsync("delete", "nu", "test", "--dry-run=server");
        Assert.Contains("nodeunit.site.superedge.io \"test\" deleted (server dry run)", deleted.Stdout, StringComparison.Ordinal);
        var all = await sandbox.Kubectl.OkAsync("delete", "cm", "--all", "-n", SuperEdgeNames.KinsNamespace, "--dry-run=server");
        Assert.Contains("(server dry run)", all.Stdout, StringComparison.Ordinal);

        var unitAfter = await sandbox.SendAsync(HttpMethod.Get, NuPath + "/test");
        Assert.True(JsonNode.DeepEquals(unitBefore.Body, unitAfter.Body), $"the unit changed:\n{unitBefore.Body}\n{unitAfter.Body}");
        Assert.Null(unitAfter.Body!["metadata"]!["deletionTimestamp"]);
        Assert.NotEmpty((await sandbox.Client.CoreV1.ListNamespacedConfigMapAsync(SuperEdgeNames.KinsNamespace)).Items);
        Assert.Equal(before, sandbox.Server.Store.CurrentResourceVersion);
    }

    [Fact]
    public async Task Apply_label_diff_and_create_dry_runs_answer_the_result_and_persist_nothing()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        using var events = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var rv = sandbox.Server.Store.CurrentResourceVersion;
        using var watch = await sandbox.Http.GetStreamAsync($"{NuPath}?watch=true&resourceVersion={rv}", events.Token);

        var label = await sandbox.Kubectl.OkAsync("label", "nu", "test", "rehearsal=yes", "--dry-run=server", "-o", "jsonpath={.metadata.labels.rehearsal}");
        Assert.Equal("yes", label.Stdout);
        var manifest = Path.Combine(sandbox.Folder, "nu.yaml");
        await File.WriteAllTextAsync(manifest, """
            apiVersion: site.superedge.io/v1alpha2
            kind: NodeUnit
            metadata:
              name: test
            spec:
              type: edge
              autonomyLevel: L4
              nodes: [edge1, edge2, edge3]
            """);
        var applied = await sandbox.Kubectl.OkAsync("apply", "--dry-run=server", "-f", manifest, "-o", "jsonpath={.spec.autonomyLevel}");
        Assert.Equal("L4", applied.Stdout);
        var diff = await sandbox.Kubectl.RunAsync("diff", "-f", manifest);
        Assert.True(diff.ExitCode == 1, diff.ToString());
        Assert.Contains("+  autonomyLevel: L4", diff.Stdout, StringComparison.Ordinal);
        var created = await sandbox.Kubectl.OkAsync("create", "configmap", "rehearsed", "--from-literal=a=1", "--dry-run=server", "-o", "json");
        var createdObject = JsonNode.Parse(created.Stdout)!;
        Assert.Null(createdObject["metadata"]!["resourceVersion"]);
        Assert.False(string.IsNullOrEmpty((string?)createdObject["metadata"]!["uid"]));

        Assert.Equal(rv, sandbox.Server.Store.CurrentResourceVersion);
        var unit = await sandbox.SendAsync(HttpMethod.Get, NuPath + "/test");
        Assert.Equal("L3", (string?)unit.Body!["spec"]!["autonomyLevel"]);
        Assert.Null(unit.Body["metadata"]!["labels"]?["rehearsal"]);
        Assert.Equal(HttpStatusCode.NotFound, (await sandbox.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/configmaps/rehearsed")).Code);

        // A real write after the dry runs is the first event the watch sees.
        await sandbox.Kubectl.OkAsync("label", "nu", "test", "real=yes");
        using var reader = new StreamReader(watch);
        var first = JsonNode.Parse((await reader.ReadLineAsync(events.Token))!)!;
        Assert.Equal("yes", (string?)first["object"]!["metadata"]!["labels"]!["real"]);
    }

    [Fact]
    public async Task Unknown_dryRun_values_are_422_Invalid_on_the_options_and_change_nothing()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var inBody = await sandbox.SendAsync(HttpMethod.Delete, NuPath + "/test", """{"dryRun":["Some"]}""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, inBody.Code);
        Assert.Equal("Invalid", (string?)inBody.Body!["reason"]);
        Assert.Equal("DeleteOptions.meta.k8s.io \"\" is invalid: dryRun: Unsupported value: []string{\"Some\"}: supported values: \"All\"", (string?)inBody.Body["message"]);
        var inQuery = await sandbox.SendAsync(HttpMethod.Patch, NuPath + "/test?dryRun=true", """{"metadata":{"labels":{"a":"b"}}}""", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, inQuery.Code);
        Assert.StartsWith("PatchOptions.meta.k8s.io", (string?)inQuery.Body!["message"], StringComparison.Ordinal);
        await AssertUntouchedAsync(sandbox);

        // The same checks as a real write: a dry-run create of an existing object is 409, of an invalid one 422.
        var exists = await sandbox.SendAsync(HttpMethod.Post, NuPath + "?dryRun=All", """{"apiVersion":"site.superedge.io/v1alpha2","kind":"NodeUnit","metadata":{"name":"test"}}""");
        Assert.Equal(HttpStatusCode.Conflict, exists.Code);
        var invalid = await sandbox.SendAsync(HttpMethod.Post, NuPath + "?dryRun=All", """{"apiVersion":"site.superedge.io/v1alpha2","kind":"NodeUnit","metadata":{"name":"x"},"spec":{"nodes":"edge1"}}""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.Code);
        var stale = await sandbox.SendAsync(HttpMethod.Delete, NuPath + "/test", """{"dryRun":["All"],"preconditions":{"resourceVersion":"1"}}""");
        Assert.Equal(HttpStatusCode.Conflict, stale.Code);
        await AssertUntouchedAsync(sandbox);
        var nodePorts = await sandbox.Client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "np" },
            Spec = new V1ServiceSpec { Type = "NodePort", Ports = [new V1ServicePort { Port = 80 }] },
        }, "default", dryRun: "All");
        var real = await sandbox.Client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "np" },
            Spec = new V1ServiceSpec { Type = "NodePort", Ports = [new V1ServicePort { Port = 80 }] },
        }, "default");
        Assert.Equal(nodePorts.Spec.Ports[0].NodePort, real.Spec.Ports[0].NodePort);
    }

    /// <summary>
    /// The unit is neither deleted nor labelled (the store's global version is no measure: site-manager's passes and the
    /// node leases write in the background).
    /// </summary>
    private static async Task AssertUntouchedAsync(TestSandbox sandbox)
    {
        var unit = await sandbox.SendAsync(HttpMethod.Get, NuPath + "/test", null);
        Assert.Equal(HttpStatusCode.OK, unit.Code);
        Assert.Null(unit.Body!["metadata"]!["deletionTimestamp"]);
        Assert.Null(unit.Body["metadata"]!["labels"]?["a"]);
    }
}
