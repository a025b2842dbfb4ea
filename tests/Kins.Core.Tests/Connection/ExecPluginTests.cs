using k8s;
using Kins.Core.Connection;
using Kins.Core.Errors;
using Kins.Core.Tests.TestSupport;

namespace Kins.Core.Tests.Connection;

/// <summary>Exec credential plugins, run as /bin/sh scripts.</summary>
public sealed class ExecPluginTests : IDisposable
{
    private const string ApiVersion = "client.authentication.k8s.io/v1";
    private readonly TempDirectory _dir = new();
    private readonly ConnectionCache _cache = new(() => KubeconfigText.Environment(), ConnectionOptions.Default);

    private string Plugin(string body)
    {
        var path = _dir.Write("plugin-" + Guid.NewGuid().ToString("N") + ".sh", "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return path;
    }

    private KinsConnection Connect(string command, string apiVersion = ApiVersion, string server = "https://127.0.0.1:1")
    {
        var user = $"""
                exec:
                  apiVersion: {apiVersion}
                  command: {command}
                  args: ["--cluster", "two words"]
                  env:
                  - name: KINS_TEST_ENV
                    value: from-kubeconfig
                  installHint: Install it with 'kins-install-the-plugin'.
            """;
        var path = _dir.Write("config-" + Guid.NewGuid().ToString("N"), KubeconfigText.Single("exec", server, clusterExtra: "    insecure-skip-tls-verify: true", user: user));
        return _cache.Get(path, null);
    }

    private static string Credential(string token) =>
        $$$"""echo '{"apiVersion":"{{{ApiVersion}}}","kind":"ExecCredential","status":{"token":"{{{token}}}"}}'""";

    [UnixFact]
    public async Task Token_from_the_plugin_is_sent()
    {
        using var certificates = new TestCertificates();
        await using var server = new TestHttpsServer(certificates.Server(), _ => (200, """{"kind":"NodeList","apiVersion":"v1","metadata":{},"items":[]}"""));
        var plugin = Plugin(Credential("plugin-token"));
        var connection = Connect(plugin, server: server.Url);

        await connection.Client.CoreV1.ListNodeAsync();

        Assert.Equal("Bearer plugin-token", Assert.Single(server.Requests).Header("Authorization"));
        Assert.Equal($"exec plugin '{plugin}'", connection.Authentication);
        Assert.DoesNotContain("plugin-token", connection.ToString(), StringComparison.Ordinal);
    }

    [UnixFact]
    public void Plugin_gets_args_env_and_exec_info()
    {
        var record = Path.Combine(_dir.Path, "seen.txt");
        var connection = Connect(Plugin($"""
            printf '%s|%s|%s|%s\n' "$1" "$2" "$KINS_TEST_ENV" "$KUBERNETES_EXEC_INFO" > '{record}'
            {Credential("t")}
            """));

        var seen = File.ReadAllText(record).Trim().Split('|');
        Assert.Equal(["--cluster", "two words", "from-kubeconfig"], seen[..3]);
        Assert.Contains("\"kind\":\"ExecCredential\"", seen[3], StringComparison.Ordinal);
        Assert.Contains("\"interactive\":false", seen[3], StringComparison.Ordinal);
        Assert.NotNull(connection);
    }

    [UnixFact]
    public void A_failing_plugin_is_CredentialPluginFailed_with_its_stderr()
    {
        var error = Assert.Throws<KinsException>(() => Connect(Plugin("echo 'login expired, run sso-login' >&2\nexit 3")));

        Assert.Equal(KinsErrorIds.CredentialPluginFailed, error.ErrorId);
        Assert.Equal(KinsErrorCategory.AuthenticationError, error.Category);
        Assert.Contains("exit code 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("login expired, run sso-login", error.Message, StringComparison.Ordinal);
        Assert.Contains("'exec'", error.Message, StringComparison.Ordinal);
    }

    [UnixFact]
    public void A_missing_plugin_is_CredentialPluginFailed_with_the_install_hint()
    {
        var error = Assert.Throws<KinsException>(() => Connect("kins-no-such-credential-plugin"));

        Assert.Equal(KinsErrorIds.CredentialPluginFailed, error.ErrorId);
        Assert.Equal(KinsErrorCategory.NotInstalled, error.Category);
        Assert.Contains("kins-no-such-credential-plugin", error.Message, StringComparison.Ordinal);
        Assert.Contains("kins-install-the-plugin", error.Message, StringComparison.Ordinal);
    }

    [UnixFact]
    public void Output_that_is_not_an_ExecCredential_is_refused_without_quoting_it()
    {
        var error = Assert.Throws<KinsException>(() => Connect(Plugin("echo '{\"token\": \"s3cret-token\"'")));

        Assert.Equal(KinsErrorIds.CredentialPluginFailed, error.ErrorId);
        Assert.Equal(KinsErrorCategory.InvalidData, error.Category);
        Assert.DoesNotContain("s3cret-token", error.Message, StringComparison.Ordinal);
    }

    [UnixFact]
    public void A_wrong_apiVersion_in_the_answer_is_refused()
    {
        var error = Assert.Throws<KinsException>(() =>
            Connect(Plugin("""echo '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"t"}}'""")));

        Assert.Equal(KinsErrorIds.CredentialPluginFailed, error.ErrorId);
        Assert.Contains("v1beta1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unsupported_apiVersion_in_the_kubeconfig_is_refused()
    {
        var error = Assert.Throws<KinsException>(() => Connect("anything", apiVersion: "client.authentication.k8s.io/v1alpha1"));

        Assert.Equal(KinsErrorIds.CredentialPluginFailed, error.ErrorId);
    }

    [UnixFact]
    public async Task An_expired_token_runs_the_plugin_again()
    {
        var counter = Path.Combine(_dir.Path, "runs");
        var plugin = Plugin($$$"""
            echo x >> '{{{counter}}}'
            echo '{"apiVersion":"{{{ApiVersion}}}","kind":"ExecCredential","status":{"token":"run-'$(wc -l < '{{{counter}}}' | tr -d ' ')'","expirationTimestamp":"2000-01-01T00:00:00Z"}}'
            """);
        var exec = new KubeconfigExec { ApiVersion = ApiVersion, Command = plugin };
        var runner = new ExecCredentialPlugin(exec, new KubeconfigCluster(), "exec", TimeSpan.FromSeconds(30));
        using var provider = new ExecCredentialTokenProvider(runner, await runner.RunAsync(CancellationToken.None));

        var header = await provider.GetAuthenticationHeaderAsync(CancellationToken.None);

        Assert.Equal("run-2", header.Parameter);
        Assert.Equal(2, File.ReadAllLines(counter).Length);
    }

    [UnixFact]
    public async Task A_fresh_token_is_reused()
    {
        var counter = Path.Combine(_dir.Path, "runs");
        var plugin = Plugin($$$"""
            echo x >> '{{{counter}}}'
            echo '{"apiVersion":"{{{ApiVersion}}}","kind":"ExecCredential","status":{"token":"cached","expirationTimestamp":"2999-01-01T00:00:00Z"}}'
            """);
        var runner = new ExecCredentialPlugin(new KubeconfigExec { ApiVersion = ApiVersion, Command = plugin }, new KubeconfigCluster(), "exec", TimeSpan.FromSeconds(30));
        using var provider = new ExecCredentialTokenProvider(runner, await runner.RunAsync(CancellationToken.None));

        await provider.GetAuthenticationHeaderAsync(CancellationToken.None);
        await provider.GetAuthenticationHeaderAsync(CancellationToken.None);

        Assert.Single(File.ReadAllLines(counter));
    }

    public void Dispose()
    {
        _cache.Dispose();
        _dir.Dispose();
    }
}
