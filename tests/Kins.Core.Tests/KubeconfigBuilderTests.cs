using Kins.Core.Errors;
using Kins.Core.Kubeconfigs;

namespace Kins.Core.Tests;

public sealed class KubeconfigBuilderTests
{
    // Shaped as SITE-MANAGER.md describes site-manager's kubeconfig.conf.
    private const string EdgeYaml = """
        apiVersion: v1
        kind: Config
        clusters:
        - cluster:
            insecure-skip-tls-verify: true
            server: https://26.0.0.1
          name: default
        contexts:
        - context:
            cluster: default
            namespace: default
            user: default
          name: default
        current-context: default
        users:
        - name: default
          user:
            token: rfj9s2bhpcs6fm9abcdefabcdefabcde
        """;

    [Fact]
    public void Reads_server_and_token_of_the_edge_kubeconfig()
    {
        var edge = EdgeKubeconfig.Parse("test", EdgeYaml);
        Assert.Equal("https://26.0.0.1", edge.Server);
        Assert.Equal("rfj9s2bhpcs6fm9abcdefabcdefabcde", edge.Token);
    }

    [Fact]
    public void Merging_units_renames_every_entry_to_kins_unit_so_none_clobbers_another()
    {
        var a = EdgeKubeconfig.Parse("shop-1", EdgeYaml);
        var b = EdgeKubeconfig.Parse("shop-2", EdgeYaml.Replace("26.0.0.1", "26.0.0.2", StringComparison.Ordinal));

        var merged = KubeconfigYaml.Parse(KubeconfigBuilder.Merge([("shop-1", a.Entry), ("shop-2", b.Entry)]), "merged");

        Assert.Equal(["kins-shop-1", "kins-shop-2"], merged.Clusters!.Select(c => c.Name));
        Assert.Equal(["kins-shop-1", "kins-shop-2"], merged.Users!.Select(c => c.Name));
        Assert.Equal(["kins-shop-1", "kins-shop-2"], merged.Contexts!.Select(c => c.Name));
        Assert.Equal("kins-shop-1", merged.CurrentContext);
        Assert.Equal("https://26.0.0.2", merged.Clusters![1].Cluster!.Server);
        Assert.Equal("kins-shop-2", merged.Contexts![1].Context!.Cluster);
        Assert.True(merged.Clusters![0].Cluster!.InsecureSkipTlsVerify);
        Assert.Equal("rfj9s2bhpcs6fm9abcdefabcdefabcde", merged.Users![1].User!.Token);
    }

    [Fact]
    public void The_proxy_kubeconfig_has_the_service_address_the_proxy_and_skips_tls()
    {
        var edge = EdgeKubeconfig.Parse("test", EdgeYaml);
        var yaml = KubeconfigBuilder.Single(KubeconfigBuilder.Proxy(edge, "https://test-svc-kins.kins-system:443", "http://127.0.0.1:31469"));
        Assert.Contains("server: https://test-svc-kins.kins-system:443", yaml, StringComparison.Ordinal);
        Assert.Contains("proxy-url: http://127.0.0.1:31469", yaml, StringComparison.Ordinal);
        Assert.Contains("insecure-skip-tls-verify: true", yaml, StringComparison.Ordinal);
        Assert.Contains("token: rfj9s2bhpcs6fm9abcdefabcdefabcde", yaml, StringComparison.Ordinal);
        Assert.Contains("current-context: default", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_yaml_is_invalid_data_that_says_where_and_never_quotes_the_token()
    {
        var broken = EdgeYaml.Replace("    token: rfj9s2bhpcs6fm9abcdefabcdefabcde", "    token: [rfj9s2bhpcs6fm9abcdefabcdefabcde", StringComparison.Ordinal);
        var error = Assert.Throws<KinsException>(() => EdgeKubeconfig.Parse("test", broken));
        Assert.Equal(KinsErrorIds.KinsKubeconfigInvalid, error.ErrorId);
        Assert.Equal(KinsErrorCategory.InvalidData, error.Category);
        Assert.Contains("line", error.Message, StringComparison.Ordinal);
        Assert.Contains("test-cm-kins", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("rfj9s2bhpcs6fm9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_kubeconfig_without_a_server_is_refused()
    {
        var error = Assert.Throws<KinsException>(() => EdgeKubeconfig.Parse("test", "apiVersion: v1\nkind: Config\nclusters: []\n"));
        Assert.Equal(KinsErrorIds.KinsKubeconfigInvalid, error.ErrorId);
    }
}
