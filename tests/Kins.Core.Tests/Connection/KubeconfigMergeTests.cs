using Kins.Core.Connection;
using Kins.Core.Errors;
using Kins.Core.Tests.TestSupport;

namespace Kins.Core.Tests.Connection;

public sealed class KubeconfigMergeTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    // File A: current-context a; defines cluster "shared" and context "both".
    private const string FileA = """
        current-context: a
        clusters:
        - name: shared
          cluster:
            server: https://127.0.0.1:1001
        - name: only-a
          cluster:
            server: https://127.0.0.1:1002
            certificate-authority: certs/ca.crt
        users:
        - name: u
          user:
            token: from-a
        contexts:
        - name: a
          context: {cluster: only-a, user: u}
        - name: both
          context: {cluster: shared, user: u, namespace: ns-a}
        """;

    // File B: its own current-context, and redefinitions that must lose whole (no field mixing).
    private const string FileB = """
        current-context: b
        clusters:
        - name: shared
          cluster:
            server: https://127.0.0.1:2001
            insecure-skip-tls-verify: true
        - name: only-b
          cluster:
            server: https://127.0.0.1:2002
            certificate-authority: certs/ca.crt
        users:
        - name: u
          user:
            token: from-b
            username: ignored
        contexts:
        - name: b
          context: {cluster: only-b, user: u}
        - name: both
          context: {cluster: only-b, user: u, namespace: ns-b}
        - name: Both
          context: {cluster: only-b, user: u}
        """;

    private static MergedKubeconfig LoadWithVariable(params string[] files) =>
        KubeconfigLoader.Load(KubeconfigSource.Resolve(null, KubeconfigText.Environment(string.Join(Path.PathSeparator, files))));

    [Fact]
    public void First_file_sets_current_context_and_wins_every_name_whole()
    {
        var a = _dir.Write("a/config", FileA);
        var b = _dir.Write("b/config", FileB);

        var merged = LoadWithVariable(a, b);

        Assert.Equal("a", merged.CurrentContext);
        Assert.Equal(["a", "both", "b", "Both"], merged.ContextNames);
        Assert.True(merged.TryGetContext("both", out var both));
        Assert.Equal("shared", both.Cluster);
        Assert.Equal("ns-a", both.Namespace);
        Assert.True(merged.TryGetCluster("shared", out var shared));
        Assert.Equal("https://127.0.0.1:1001", shared.Server);
        Assert.False(shared.InsecureSkipTlsVerify); // B's field is not mixed into A's entry
        Assert.True(merged.TryGetUser("u", out var user));
        Assert.Equal("from-a", user.Token);
        Assert.Null(user.Username);
    }

    [Fact]
    public void Order_of_KUBECONFIG_decides()
    {
        var a = _dir.Write("a/config", FileA);
        var b = _dir.Write("b/config", FileB);

        var merged = LoadWithVariable(b, a);

        Assert.Equal("b", merged.CurrentContext);
        Assert.True(merged.TryGetCluster("shared", out var shared));
        Assert.Equal("https://127.0.0.1:2001", shared.Server);
    }

    [Fact]
    public void Names_are_case_sensitive_like_kubectl()
    {
        var merged = LoadWithVariable(_dir.Write("a/config", FileA), _dir.Write("b/config", FileB));

        Assert.True(merged.TryGetContext("Both", out var upper));
        Assert.Equal("only-b", upper.Cluster);
        Assert.False(merged.TryGetContext("BOTH", out _));
    }

    [Fact]
    public void Relative_paths_resolve_against_the_file_that_names_them()
    {
        var a = _dir.Write("a/config", FileA);
        var b = _dir.Write("b/config", FileB);

        var merged = LoadWithVariable(a, b);

        Assert.True(merged.TryGetCluster("only-a", out var onlyA));
        Assert.True(merged.TryGetCluster("only-b", out var onlyB));
        Assert.Equal(Path.Combine(_dir.Path, "a", "certs", "ca.crt"), onlyA.CertificateAuthority);
        Assert.Equal(Path.Combine(_dir.Path, "b", "certs", "ca.crt"), onlyB.CertificateAuthority);
    }

    [Fact]
    public void Missing_files_empty_entries_and_duplicates_in_KUBECONFIG_are_skipped()
    {
        var a = _dir.Write("a/config", FileA);
        var b = _dir.Write("b/config", FileB);
        var missing = Path.Combine(_dir.Path, "missing");
        var variable = string.Join(Path.PathSeparator, missing, "", b, a, b);

        var source = KubeconfigSource.Resolve(null, KubeconfigText.Environment(variable));

        Assert.Equal([b, a], source.Files);
        Assert.Equal("b", KubeconfigLoader.Load(source).CurrentContext);
    }

    [Fact]
    public void Explicit_path_wins_over_KUBECONFIG_and_is_not_merged()
    {
        var a = _dir.Write("a/config", FileA);
        var b = _dir.Write("b/config", FileB);

        var source = KubeconfigSource.Resolve(b, KubeconfigText.Environment(a));

        Assert.Equal([b], source.Files);
    }

    [Fact]
    public void Home_config_is_used_when_KUBECONFIG_is_unset()
    {
        var config = _dir.Write(".kube/config", FileA);

        var source = KubeconfigSource.Resolve(null, KubeconfigText.Environment(home: _dir.Path));

        Assert.Equal([config], source.Files);
    }

    [Fact]
    public void Explicit_path_that_does_not_exist_is_KubeconfigNotFound()
    {
        var error = Assert.Throws<KinsException>(() => KubeconfigSource.Resolve(Path.Combine(_dir.Path, "nope"), KubeconfigText.Environment()));
        Assert.Equal(KinsErrorIds.KubeconfigNotFound, error.ErrorId);
        Assert.Equal(KinsErrorCategory.ObjectNotFound, error.Category);
    }

    [Fact]
    public void Nothing_found_and_not_in_a_pod_is_KubeconfigNotFound()
    {
        var error = Assert.Throws<KinsException>(() => KubeconfigSource.Resolve(null, KubeconfigText.Environment(home: _dir.Path)));
        Assert.Equal(KinsErrorIds.KubeconfigNotFound, error.ErrorId);
    }

    [Fact]
    public void Service_account_is_used_when_no_kubeconfig_exists()
    {
        var sa = Path.Combine(_dir.Path, "sa");
        _dir.Write("sa/token", "sa-token");

        var source = KubeconfigSource.Resolve(null, KubeconfigText.Environment(home: _dir.Path, serviceAccountDirectory: sa, serviceHost: "127.0.0.1", servicePort: "6443"));

        Assert.True(source.InCluster);
    }

    [Fact]
    public void Unknown_context_is_ContextNotFound_listing_the_existing_ones()
    {
        var merged = LoadWithVariable(_dir.Write("a/config", FileA), _dir.Write("b/config", FileB));

        var error = Assert.Throws<KinsException>(() => SelectedContext.From(merged, "prod"));

        Assert.Equal(KinsErrorIds.ContextNotFound, error.ErrorId);
        Assert.Equal(KinsErrorCategory.ObjectNotFound, error.Category);
        Assert.Equal("prod", error.Target);
        Assert.Contains("'prod'", error.Message, StringComparison.Ordinal);
        Assert.Contains("a, both, b, Both", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_current_context_and_none_given_is_ContextNotFound()
    {
        var file = _dir.Write("c/config", FileA.Replace("current-context: a", string.Empty, StringComparison.Ordinal));
        var merged = KubeconfigLoader.Load(KubeconfigSource.Resolve(file, KubeconfigText.Environment()));

        var error = Assert.Throws<KinsException>(() => SelectedContext.From(merged, null));

        Assert.Equal(KinsErrorIds.ContextNotFound, error.ErrorId);
        Assert.Contains("a, both", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Selecting_a_context_follows_its_cluster_and_user()
    {
        var merged = LoadWithVariable(_dir.Write("a/config", FileA), _dir.Write("b/config", FileB));

        var selected = SelectedContext.From(merged, null);

        Assert.Equal("a", selected.Name);
        Assert.Equal("only-a", selected.ClusterName);
        Assert.Equal("from-a", selected.User!.Token);
    }

    [Fact]
    public void Malformed_yaml_is_KubeconfigInvalid_without_quoting_the_file()
    {
        var file = _dir.Write("bad/config", "users:\n- name: u\n  user:\n    token: s3cret\n   broken: [\n");

        var error = Assert.Throws<KinsException>(() => KubeconfigLoader.Load(KubeconfigSource.Resolve(file, KubeconfigText.Environment())));

        Assert.Equal(KinsErrorIds.KubeconfigInvalid, error.ErrorId);
        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KubeconfigContexts_lists_merged_names_and_nothing_when_unreadable()
    {
        var a = _dir.Write("a/config", FileA);
        var b = _dir.Write("b/config", FileB);

        Assert.Equal(["a", "both", "b", "Both"], KubeconfigContexts.List(null, KubeconfigText.Environment(string.Join(Path.PathSeparator, a, b))));
        Assert.Empty(KubeconfigContexts.List(Path.Combine(_dir.Path, "nope"), KubeconfigText.Environment()));
    }

    public void Dispose() => _dir.Dispose();
}
