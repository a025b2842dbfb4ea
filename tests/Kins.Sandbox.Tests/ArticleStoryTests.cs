namespace Kins.Sandbox.Tests;

/// <summary>The feature article's story, with the real kubectl, its commands as written.</summary>
public sealed class ArticleStoryTests
{
    internal const string ArticleNodeUnit = """
        apiVersion: site.superedge.io/v1alpha2
        kind: NodeUnit
        metadata:
          name: test
        spec:
          autonomyLevel: L3
          nodes:
          - edge1
          - edge2
          - edge3
          type: edge
          unschedulable: false

        """;

    [Fact]
    public async Task Article_story_from_apply_to_blocked_delete_released_by_demotion()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var kubectl = sandbox.Kubectl;
        var manifest = Path.Combine(sandbox.Folder, "nodeunit.yaml");
        await File.WriteAllTextAsync(manifest, ArticleNodeUnit);

        await kubectl.OkAsync("apply", "-f", manifest);
        var list = await kubectl.OkAsync("get", "nu");
        Assert.Matches(@"NAME\s+TYPE\s+READY\s+AGE\s+DELETING", list.Stdout);
        Assert.Matches(@"test\s+edge\s+3/3", list.Stdout);

        var patched = await kubectl.OkAsync("patch", "nu", "test", "--type", "merge", "-p", """{"spec":{"autonomyLevel":"L4"}}""");
        Assert.Contains("nodeunit.site.superedge.io/test patched", patched.Stdout, StringComparison.Ordinal);
        var again = await kubectl.OkAsync("patch", "nu", "test", "--type", "merge", "-p", """{"spec":{"autonomyLevel":"L4"}}""");
        Assert.Contains("patched (no change)", again.Stdout, StringComparison.Ordinal);

        await TestSandbox.EventuallyAsync(async () =>
        {
            var pods = (await kubectl.OkAsync("get", "pods", "-n", "kins-system")).Stdout;
            var lines = pods.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
            return lines.Count == 6
                && lines.All(l => l.Contains("1/1", StringComparison.Ordinal) && l.Contains("Running", StringComparison.Ordinal))
                && lines.Count(l => l.StartsWith("test-server-kins-0 ", StringComparison.Ordinal)) == 1
                && lines.Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, "^test-agent-kins-[a-z0-9]{5} ")) == 2
                && lines.Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, "^test-cri-kins-[a-z0-9]{5} ")) == 3;
        }, "the kins pods Ready in kins-system");

        var kubeconfig = (await kubectl.OkAsync("get", "cm", "test-cm-kins", "-n", "kins-system", "-o=jsonpath={.data.kubeconfig\\.conf}")).Stdout;
        Assert.Contains("insecure-skip-tls-verify: true", kubeconfig, StringComparison.Ordinal);
        Assert.Matches(@"server: https://127\.0\.0\.1:\d+", kubeconfig);
        Assert.Contains("current-context: default", kubeconfig, StringComparison.Ordinal);
        Assert.Matches(@"token: [a-z0-9]{32}", kubeconfig);

        var proxy = (await kubectl.OkAsync("get", "svc", "-n", "edge-system", "tunnel-cloud", "-o", "wide")).Stdout;
        Assert.Matches(@"8080:3\d{4}/TCP", proxy);

        await kubectl.OkAsync("delete", "nu", "test", "--wait=false");
        var deleting = (await kubectl.OkAsync("get", "nu", "test")).Stdout.Split('\n')[1];
        Assert.Matches(@"^test\s+edge\s+3/3\s+\S+\s+\d+s", deleting);
        var events = (await kubectl.OkAsync("get", "events", "-n", "default")).Stdout;
        Assert.Contains("Warning", events, StringComparison.Ordinal);
        Assert.Contains("Before deleting, please adjust the autonomyLevel of nodeunit to L3", events, StringComparison.Ordinal);
        Assert.Equal(0, (await kubectl.RunAsync("get", "nu", "test")).ExitCode);

        var wait = kubectl.Start("wait", "--for=delete", "nu/test", "--timeout=30s");
        await kubectl.OkAsync("patch", "nu", "test", "--type", "merge", "-p", """{"spec":{"autonomyLevel":"L3"}}""");
        await wait.WaitForExitAsync();
        Assert.Equal(0, wait.ExitCode);
        var gone = await kubectl.RunAsync("get", "nu", "test");
        Assert.Equal(1, gone.ExitCode);
        Assert.Contains("Error from server (NotFound): nodeunits.site.superedge.io \"test\" not found", gone.Stderr, StringComparison.Ordinal);
        var left = (await kubectl.OkAsync("get", "pods,sts,ds,cm,svc", "-n", "kins-system", "-o", "name")).Stdout;
        Assert.DoesNotContain("test-", left.Replace("configmap/kube-root-ca.crt", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(0, (await kubectl.RunAsync("get", "secret", "test-sec-kins", "-n", "kins-system")).ExitCode);
    }

    [Fact]
    public async Task Kubectl_applies_SuperEdge_CRD_into_an_empty_sandbox_and_then_the_article_unit()
    {
        await using var sandbox = await TestSandbox.StartAsync(new Kins.Core.Sandbox.SandboxOptions { Empty = true, ReadyDelay = TimeSpan.Zero });
        var kubectl = sandbox.Kubectl;
        Assert.NotEqual(0, (await kubectl.RunAsync("get", "nu")).ExitCode);
        var crd = Path.Combine(sandbox.Folder, "crd.yaml");
        await File.WriteAllTextAsync(crd, Kins.Sandbox.World.EmbeddedCrd.NodeUnitsYaml());
        var applied = await kubectl.OkAsync("apply", "-f", crd);
        Assert.Contains("customresourcedefinition.apiextensions.k8s.io/nodeunits.site.superedge.io created", applied.Stdout, StringComparison.Ordinal);
        await kubectl.OkAsync("wait", "--for=condition=established", "crd/nodeunits.site.superedge.io", "--timeout=10s");
        // The file carries a status stanza, which the main resource ignores: a re-apply is accepted as is.
        await kubectl.OkAsync("apply", "-f", crd);
        var resources = (await kubectl.OkAsync("api-resources", "--api-group=site.superedge.io")).Stdout;
        Assert.Matches(@"nodeunits\s+nu\s+site.superedge.io/v1alpha2\s+false\s+NodeUnit", resources);

        var manifest = Path.Combine(sandbox.Folder, "nodeunit.yaml");
        await File.WriteAllTextAsync(manifest, ArticleNodeUnit.Replace("edge1", "nowhere", StringComparison.Ordinal));
        Assert.Contains("created", (await kubectl.OkAsync("apply", "-f", manifest)).Stdout, StringComparison.Ordinal);
        Assert.Contains("unchanged", (await kubectl.OkAsync("apply", "-f", manifest)).Stdout, StringComparison.Ordinal);
        var yaml = (await kubectl.OkAsync("get", "nu", "test", "-o", "yaml")).Stdout;
        Assert.Contains("kind: NodeUnit", yaml, StringComparison.Ordinal);
        Assert.Contains("site.superedge.io/nodeunit", yaml, StringComparison.Ordinal);

        var strategic = await kubectl.RunAsync("patch", "nu", "test", "-p", """{"spec":{"autonomyLevel":"L4"}}""");
        Assert.Equal(1, strategic.ExitCode);
        Assert.Contains("is not supported by site.superedge.io/v1alpha2, Kind=NodeUnit", strategic.Stderr, StringComparison.Ordinal);

        var bad = Path.Combine(sandbox.Folder, "bad.yaml");
        await File.WriteAllTextAsync(bad, ArticleNodeUnit.Replace("unschedulable: false", "unschedulable: false\n  colour: blue", StringComparison.Ordinal));
        var strict = await kubectl.RunAsync("apply", "-f", bad);
        Assert.NotEqual(0, strict.ExitCode);
        Assert.Contains("unknown field \"spec.colour\"", strict.Stderr, StringComparison.Ordinal);
    }
}
