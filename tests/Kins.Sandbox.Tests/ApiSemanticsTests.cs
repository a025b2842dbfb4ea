using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Kins.Core.Sandbox;

namespace Kins.Sandbox.Tests;

/// <summary>API server semantics over HTTPS: conflicts, watches, selectors, paging and every error Status.</summary>
public sealed class ApiSemanticsTests
{
    private const string NuPath = "/apis/site.superedge.io/v1alpha2/nodeunits";

    private static void AssertStatus(HttpStatusCode expected, string reason, (HttpStatusCode Code, JsonNode? Body) actual)
    {
        Assert.Equal(expected, actual.Code);
        Assert.NotNull(actual.Body);
        Assert.Equal("Status", (string?)actual.Body!["kind"]);
        Assert.Equal("Failure", (string?)actual.Body["status"]);
        Assert.Equal((int)expected, (int?)actual.Body["code"]);
        Assert.Equal(reason, (string?)actual.Body["reason"]);
    }

    [Fact]
    public async Task Stale_update_is_409_Conflict_and_create_twice_is_409_AlreadyExists()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var cm = await sandbox.Client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c" }, Data = new Dictionary<string, string> { ["a"] = "1" } }, "default");
        var stale = cm.Metadata.ResourceVersion;
        cm.Data["a"] = "2";
        var updated = await sandbox.Client.CoreV1.ReplaceNamespacedConfigMapAsync(cm, "c", "default");
        Assert.True(long.Parse(updated.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture) > long.Parse(stale, System.Globalization.CultureInfo.InvariantCulture));
        cm.Metadata.ResourceVersion = stale;
        cm.Data["a"] = "3";
        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() => sandbox.Client.CoreV1.ReplaceNamespacedConfigMapAsync(cm, "c", "default"));
        Assert.Equal(HttpStatusCode.Conflict, conflict.Response.StatusCode);
        Assert.Contains("the object has been modified", conflict.Response.Content, StringComparison.Ordinal);

        var exists = await Assert.ThrowsAsync<HttpOperationException>(() => sandbox.Client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c" } }, "default"));
        Assert.Equal(HttpStatusCode.Conflict, exists.Response.StatusCode);
        Assert.Contains("\"AlreadyExists\"", exists.Response.Content, StringComparison.Ordinal);

        var generated = await sandbox.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { GenerateName = "gen-" } }, "default");
        Assert.Matches("^gen-[a-z0-9]{5}$", generated.Metadata.Name);
        Assert.False(string.IsNullOrEmpty(generated.Metadata.Uid));
    }

    [Fact]
    public async Task Watch_resumes_from_a_resourceVersion_and_is_410_Gone_after_compaction()
    {
        await using var sandbox = await TestSandbox.StartAsync(bookmarkInterval: TimeSpan.FromMilliseconds(200));
        var created = await sandbox.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "w" } }, "default");
        var from = created.Metadata.ResourceVersion;
        for (var i = 0; i < 2; i++)
        {
            await sandbox.Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("{\"data\":{\"n\":\"" + i + "\"}}", V1Patch.PatchType.MergePatch), "w", "default");
        }
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        using (var stream = await sandbox.Http.GetStreamAsync($"/api/v1/namespaces/default/configmaps?watch=true&resourceVersion={from}&fieldSelector=metadata.name%3Dw", cts.Token))
        using (var reader = new StreamReader(stream))
        {
            var first = JsonNode.Parse((await reader.ReadLineAsync(cts.Token))!)!;
            var second = JsonNode.Parse((await reader.ReadLineAsync(cts.Token))!)!;
            Assert.Equal("MODIFIED", (string?)first["type"]);
            Assert.Equal("0", (string?)first["object"]!["data"]!["n"]);
            Assert.Equal("1", (string?)second["object"]!["data"]!["n"]);
        }
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        using (var stream = await sandbox.Http.GetStreamAsync("/api/v1/namespaces/default/configmaps?watch=true&fieldSelector=metadata.name%3Dw", cts.Token))
        using (var reader = new StreamReader(stream))
        {
            var synthetic = JsonNode.Parse((await reader.ReadLineAsync(cts.Token))!)!;
            Assert.Equal("ADDED", (string?)synthetic["type"]);
        }
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        using (var stream = await sandbox.Http.GetStreamAsync($"/api/v1/namespaces/default/configmaps?watch=true&allowWatchBookmarks=true&resourceVersion={from}&fieldSelector=metadata.name%3Dnone", cts.Token))
        using (var reader = new StreamReader(stream))
        {
            var bookmark = JsonNode.Parse((await reader.ReadLineAsync(cts.Token))!)!;
            Assert.Equal("BOOKMARK", (string?)bookmark["type"]);
        }
        var (code, _) = await sandbox.SendAsync(HttpMethod.Post, "/sandbox/compact");
        Assert.Equal(HttpStatusCode.OK, code);
        AssertStatus(HttpStatusCode.Gone, "Expired", await sandbox.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/default/configmaps?watch=true&resourceVersion={from}"));
    }

    [Fact]
    public async Task Selectors_and_paging_follow_the_API()
    {
        await using var sandbox = await TestSandbox.StartAsync(new Kins.Core.Sandbox.SandboxOptions { Sites = 5, ReadyDelay = TimeSpan.Zero });
        var nodes = sandbox.Client.CoreV1;
        Assert.Equal(3, (await nodes.ListNodeAsync(labelSelector: "site-0002=nodeunits.superedge.io")).Items.Count);
        Assert.Equal(19 - 3, (await nodes.ListNodeAsync(labelSelector: "site-0002!=nodeunits.superedge.io")).Items.Count);
        Assert.Equal(6, (await nodes.ListNodeAsync(labelSelector: "kubernetes.io/hostname in (site-0001-node-1,site-0002-node-1,edge1,edge2,edge3,master)")).Items.Count);
        Assert.Equal(13, (await nodes.ListNodeAsync(labelSelector: "kubernetes.io/hostname notin (site-0001-node-1,site-0002-node-1,edge1,edge2,edge3,master)")).Items.Count);
        Assert.Single((await nodes.ListNodeAsync(labelSelector: "node-role.kubernetes.io/master")).Items);
        Assert.Equal(18, (await nodes.ListNodeAsync(labelSelector: "!node-role.kubernetes.io/master")).Items.Count);
        Assert.Single((await nodes.ListNodeAsync(fieldSelector: "metadata.name=edge2")).Items);
        var names = new List<string>();
        string? token = null;
        do
        {
            var page = await nodes.ListNodeAsync(limit: 4, continueParameter: token);
            Assert.True(page.Items.Count <= 4);
            names.AddRange(page.Items.Select(n => n.Metadata.Name));
            token = page.Metadata.ContinueProperty;
        }
        while (!string.IsNullOrEmpty(token));
        Assert.Equal(19, names.Distinct().Count());
        AssertStatus(HttpStatusCode.BadRequest, "BadRequest", await sandbox.SendAsync(HttpMethod.Get, "/api/v1/nodes?fieldSelector=spec.colour%3Dblue"));
    }

    [Fact]
    public async Task Every_error_is_a_Status_with_its_code_and_reason()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        using (var anonymous = new HttpRequestMessage(HttpMethod.Get, "/api/v1/nodes"))
        {
            anonymous.Headers.Authorization = null;
            using var noToken = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true }) { BaseAddress = new Uri(sandbox.Server.Endpoint) };
            using var response = await noToken.SendAsync(anonymous);
            AssertStatus(HttpStatusCode.Unauthorized, "Unauthorized", (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())));
        }
        AssertStatus(HttpStatusCode.BadRequest, "BadRequest", await sandbox.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", "{not json"));
        AssertStatus(HttpStatusCode.NotFound, "NotFound", await sandbox.SendAsync(HttpMethod.Get, NuPath + "/nope"));
        AssertStatus(HttpStatusCode.NotFound, "NotFound", await sandbox.SendAsync(HttpMethod.Get, "/api/v1/widgets"));
        AssertStatus(HttpStatusCode.MethodNotAllowed, "MethodNotAllowed", await sandbox.SendAsync(HttpMethod.Put, "/api/v1/namespaces/default/configmaps", "{}"));
        AssertStatus(HttpStatusCode.Conflict, "AlreadyExists", await sandbox.SendAsync(HttpMethod.Post, NuPath, """{"apiVersion":"site.superedge.io/v1alpha2","kind":"NodeUnit","metadata":{"name":"test"}}"""));
        var huge = "{\"metadata\":{\"name\":\"big\"},\"data\":{\"x\":\"" + new string('a', 3 * 1024 * 1024) + "\"}}";
        AssertStatus(HttpStatusCode.RequestEntityTooLarge, "RequestEntityTooLarge", await sandbox.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", huge));
        AssertStatus(HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType",
            await sandbox.SendAsync(HttpMethod.Patch, NuPath + "/test", """{"spec":{"autonomyLevel":"L4"}}""", "application/strategic-merge-patch+json"));
        var badName = await sandbox.SendAsync(HttpMethod.Post, NuPath, """{"apiVersion":"site.superedge.io/v1alpha2","kind":"NodeUnit","metadata":{"name":"Bad_Name"}}""");
        AssertStatus(HttpStatusCode.UnprocessableEntity, "Invalid", badName);
        Assert.Equal("metadata.name", (string?)badName.Body!["details"]!["causes"]![0]!["field"]);
        var badType = await sandbox.SendAsync(HttpMethod.Post, NuPath, """{"apiVersion":"site.superedge.io/v1alpha2","kind":"NodeUnit","metadata":{"name":"typed"},"spec":{"nodes":"edge1"}}""");
        AssertStatus(HttpStatusCode.UnprocessableEntity, "Invalid", badType);
        Assert.Equal("spec.nodes", (string?)badType.Body!["details"]!["causes"]![0]!["field"]);
        AssertStatus(HttpStatusCode.NotFound, "NotFound", await sandbox.SendAsync(HttpMethod.Post, "/api/v1/namespaces/missing/configmaps", """{"metadata":{"name":"x"}}"""));
    }

    [Fact]
    public async Task Finalizers_keep_a_deleted_object_until_they_are_removed()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await sandbox.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "f", Finalizers = ["example.com/keep"] } }, "default");
        await sandbox.Client.CoreV1.DeleteNamespacedConfigMapAsync("f", "default");
        var kept = await sandbox.Client.CoreV1.ReadNamespacedConfigMapAsync("f", "default");
        Assert.NotNull(kept.Metadata.DeletionTimestamp);
        await sandbox.Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""[{"op":"remove","path":"/metadata/finalizers"}]""", V1Patch.PatchType.JsonPatch), "f", "default");
        var gone = await Assert.ThrowsAsync<HttpOperationException>(() => sandbox.Client.CoreV1.ReadNamespacedConfigMapAsync("f", "default"));
        Assert.Equal(HttpStatusCode.NotFound, gone.Response.StatusCode);
    }

    [Fact]
    public async Task A_strategic_merge_patch_replaces_a_nodes_taints_whole()
    {
        // NodeSpec.Taints has no patch strategy in Kubernetes' types, so the API server replaces the list; merging by
        // key would let a rehearsal keep a taint that the real cluster drops.
        await using var sandbox = await TestSandbox.StartAsync(new SandboxOptions { ReadyDelay = TimeSpan.Zero, Sites = 1 });
        const string node = "/api/v1/nodes/site-0001-node-1";
        await sandbox.SendAsync(HttpMethod.Patch, node, """{"spec":{"taints":[{"key":"a","effect":"NoSchedule"},{"key":"b","effect":"NoSchedule"}]}}""",
            "application/strategic-merge-patch+json");
        var patched = await sandbox.SendAsync(HttpMethod.Patch, node, """{"spec":{"taints":[{"key":"c","effect":"NoSchedule"}]}}""",
            "application/strategic-merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, patched.Code);
        var taints = patched.Body!["spec"]!["taints"]!.AsArray().Select(t => (string?)t!["key"]).ToList();
        Assert.Equal(["c"], taints);
    }
}
