using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Kins.Sandbox.Tests;

/// <summary>The admin and read-only contexts of the sandbox kubeconfig, replayed with kubectl 1.32 (<c>auth can-i</c>, a forbidden write).</summary>
public sealed class AccessTests
{
    private const string ReadOnly = "kins-sandbox-readonly";

    [Fact]
    public async Task Kubectl_auth_can_i_answers_from_the_token_of_each_context()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var admin = await sandbox.Kubectl.RunAsync("auth", "can-i", "patch", "nu");
        Assert.True(admin.ExitCode == 0, admin.ToString());
        Assert.Equal("yes", admin.Stdout.Trim());
        var viewer = await sandbox.Kubectl.RunAsync("--context", ReadOnly, "auth", "can-i", "patch", "nu");
        Assert.Equal(1, viewer.ExitCode);
        Assert.Equal("no", viewer.Stdout.Trim());
        Assert.Equal("yes", (await sandbox.Kubectl.OkAsync("--context", ReadOnly, "auth", "can-i", "watch", "nu")).Stdout.Trim());
        Assert.Equal("no", (await sandbox.Kubectl.RunAsync("--context", ReadOnly, "auth", "can-i", "get", "secrets", "-n", "kins-system")).Stdout.Trim());
        var rules = await sandbox.Kubectl.OkAsync("--context", ReadOnly, "auth", "can-i", "--list");
        Assert.Contains("nodeunits.site.superedge.io", rules.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("secrets ", rules.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_read_only_context_reads_and_every_write_is_403_Forbidden_worded_as_the_API_server_words_it()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await sandbox.Kubectl.OkAsync("--context", ReadOnly, "get", "nu", "test");
        var before = sandbox.Server.Store.CurrentResourceVersion;
        var patch = await sandbox.Kubectl.RunAsync("--context", ReadOnly, "patch", "nu", "test", "--type", "merge", "-p", """{"spec":{"autonomyLevel":"L4"}}""");
        Assert.Equal(1, patch.ExitCode);
        Assert.Contains(
            "Error from server (Forbidden): nodeunits.site.superedge.io \"test\" is forbidden: User \"kins-sandbox-readonly\" cannot patch resource \"nodeunits\" in API group \"site.superedge.io\" at the cluster scope",
            patch.Stderr, StringComparison.Ordinal);
        var delete = await sandbox.Kubectl.RunAsync("--context", ReadOnly, "delete", "svc", "tunnel-cloud", "-n", "edge-system");
        Assert.Contains("services \"tunnel-cloud\" is forbidden: User \"kins-sandbox-readonly\" cannot delete resource \"services\" in API group \"\" in the namespace \"edge-system\"",
            delete.Stderr, StringComparison.Ordinal);
        var secrets = await sandbox.Kubectl.RunAsync("--context", ReadOnly, "get", "secrets", "-A");
        Assert.Contains("cannot list resource \"secrets\"", secrets.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, sandbox.Server.Store.CurrentResourceVersion);

        // The sandbox's own control endpoints are the admin's too.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/sandbox/nodes/edge1/notready");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", sandbox.Server.ReadOnlyToken);
        using var response = await sandbox.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Forbidden", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["reason"]);
    }
}
