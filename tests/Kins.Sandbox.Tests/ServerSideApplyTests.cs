using System.Net;
using System.Text.Json.Nodes;

namespace Kins.Sandbox.Tests;

/// <summary>Server-side apply and managedFields, replayed with kubectl 1.32.</summary>
public sealed class ServerSideApplyTests
{
    private const string CmPath = "/api/v1/namespaces/default/configmaps";

    private static JsonObject? Entry(JsonNode obj, string manager, string operation) =>
        (obj["metadata"]!["managedFields"] as JsonArray ?? []).OfType<JsonObject>()
            .FirstOrDefault(e => (string?)e["manager"] == manager && (string?)e["operation"] == operation);

    [Fact]
    public async Task Apply_creates_merges_removes_what_it_no_longer_applies_and_records_ownership()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var manifest = Path.Combine(sandbox.Folder, "cm.yaml");
        await File.WriteAllTextAsync(manifest, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ssa, namespace: default}\ndata: {a: \"1\", b: \"2\"}\n");
        var created = await sandbox.Kubectl.OkAsync("apply", "--server-side", "-f", manifest);
        Assert.Contains("configmap/ssa serverside-applied", created.Stdout, StringComparison.Ordinal);
        var first = (await sandbox.SendAsync(HttpMethod.Get, CmPath + "/ssa")).Body!;
        var owned = Entry(first, "kubectl", "Apply")!;
        Assert.Equal("""{"f:data":{"f:a":{},"f:b":{}}}""", owned["fieldsV1"]!.ToJsonString());

        await sandbox.Kubectl.OkAsync("apply", "--server-side", "-f", manifest);
        var again = (await sandbox.SendAsync(HttpMethod.Get, CmPath + "/ssa")).Body!;
        Assert.Equal((string?)first["metadata"]!["resourceVersion"], (string?)again["metadata"]!["resourceVersion"]);

        // Another manager's field survives when the applier stops applying its own.
        await sandbox.Kubectl.OkAsync("patch", "cm", "ssa", "--type", "merge", "-p", """{"data":{"c":"3"}}""");
        await File.WriteAllTextAsync(manifest, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ssa, namespace: default}\ndata: {a: \"1\"}\n");
        await sandbox.Kubectl.OkAsync("apply", "--server-side", "-f", manifest);
        var after = (await sandbox.SendAsync(HttpMethod.Get, CmPath + "/ssa")).Body!;
        Assert.Equal("""{"a":"1","c":"3"}""", after["data"]!.ToJsonString());
        Assert.Equal("""{"f:data":{"f:c":{}}}""", Entry(after, "kubectl-patch", "Update")!["fieldsV1"]!.ToJsonString());
        Assert.Equal("v1", (string?)Entry(after, "kubectl-patch", "Update")!["apiVersion"]);

        var dryRun = await sandbox.Kubectl.OkAsync("apply", "--server-side", "--dry-run=server", "-f", manifest);
        Assert.Contains("serverside-applied (server dry run)", dryRun.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Applying_a_field_another_manager_owns_with_another_value_is_a_409_conflict_unless_forced()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await sandbox.Kubectl.OkAsync("label", "nu", "test", "team=ops");
        var manifest = Path.Combine(sandbox.Folder, "nu.yaml");
        await File.WriteAllTextAsync(manifest, """
            apiVersion: site.superedge.io/v1alpha2
            kind: NodeUnit
            metadata:
              name: test
              labels: {team: rehearsal}
            spec:
              autonomyLevel: L3
            """);
        var before = sandbox.Server.Store.CurrentResourceVersion;
        var conflict = await sandbox.Kubectl.RunAsync("apply", "--server-side", "-f", manifest);
        Assert.Equal(1, conflict.ExitCode);
        Assert.Contains("Apply failed with 1 conflict: conflict with \"kubectl-label\" using site.superedge.io/v1alpha2 at ", conflict.Stderr, StringComparison.Ordinal);
        Assert.Contains(": .metadata.labels.team", conflict.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, sandbox.Server.Store.CurrentResourceVersion);

        var raw = await sandbox.SendAsync(HttpMethod.Patch, "/apis/site.superedge.io/v1alpha2/nodeunits/test?fieldManager=kubectl",
            """{"apiVersion":"site.superedge.io/v1alpha2","kind":"NodeUnit","metadata":{"name":"test","labels":{"team":"x"}}}""", "application/apply-patch+yaml");
        Assert.Equal(HttpStatusCode.Conflict, raw.Code);
        Assert.Equal("FieldManagerConflict", (string?)raw.Body!["details"]!["causes"]![0]!["reason"]);
        Assert.Equal(".metadata.labels.team", (string?)raw.Body["details"]!["causes"]![0]!["field"]);

        await sandbox.Kubectl.OkAsync("apply", "--server-side", "--force-conflicts", "-f", manifest);
        var unit = (await sandbox.SendAsync(HttpMethod.Get, "/apis/site.superedge.io/v1alpha2/nodeunits/test")).Body!;
        Assert.Equal("rehearsal", (string?)unit["metadata"]!["labels"]!["team"]);
        Assert.Null(Entry(unit, "kubectl-label", "Update"));
        Assert.Contains("f:team", Entry(unit, "kubectl", "Apply")!["fieldsV1"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_options_are_checked_as_the_API_server_checks_them()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var body = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"}}""";
        var noManager = await sandbox.SendAsync(HttpMethod.Patch, CmPath + "/x", body, "application/apply-patch+yaml");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noManager.Code);
        Assert.Equal("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch", (string?)noManager.Body!["message"]);
        var forced = await sandbox.SendAsync(HttpMethod.Patch, CmPath + "/x?force=true&fieldManager=m", """{"data":{}}""", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, forced.Code);
        var managed = await sandbox.SendAsync(HttpMethod.Patch, CmPath + "/x?fieldManager=m",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x","managedFields":[]}}""", "application/apply-patch+yaml");
        Assert.Equal(HttpStatusCode.BadRequest, managed.Code);
        var created = await sandbox.SendAsync(HttpMethod.Patch, CmPath + "/x?fieldManager=m", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  n: '1'\n", "application/apply-patch+yaml");
        Assert.Equal(HttpStatusCode.Created, created.Code);
        Assert.Equal("1", (string?)created.Body!["data"]!["n"]);
    }
}
