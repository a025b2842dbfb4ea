using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kins.Core.Errors;

namespace Kins.Core.Connection;

/// <summary>
/// Runs a kubeconfig <c>exec</c> credential plugin the way client-go does (KUBERNETES_EXEC_INFO, the
/// configured env and args, no shell) and turns every failure into a <see cref="KinsErrorIds.CredentialPluginFailed"/>
/// that names the plugin and the context. Its output holds secrets: it never appears in a message.
/// </summary>
internal sealed class ExecCredentialPlugin
{
    private static readonly string[] SupportedApiVersions = ["client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"];
    private const int StderrExcerptLength = 500;

    private readonly KubeconfigExec _exec;
    private readonly KubeconfigCluster _cluster;
    private readonly string _contextName;
    private readonly TimeSpan _timeout;

    public ExecCredentialPlugin(KubeconfigExec exec, KubeconfigCluster cluster, string contextName, TimeSpan timeout)
    {
        _exec = exec;
        _cluster = cluster;
        _contextName = contextName;
        _timeout = timeout;
        Validate();
    }

    public string Command => _exec.Command!;

    public async Task<ExecCredential> RunAsync(CancellationToken cancellationToken)
    {
        using var process = new Process { StartInfo = StartInfo() };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            var hint = string.IsNullOrWhiteSpace(_exec.InstallHint) ? string.Empty : " " + _exec.InstallHint.Trim();
            throw Failure(KinsErrorCategory.NotInstalled, $"The credential plugin '{Command}' of context '{_contextName}' could not be started: {e.Message}.{hint}", e);
        }
        // Plugins run non-interactively: a closed stdin makes a prompting plugin fail instead of hanging.
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw Failure(KinsErrorCategory.OperationTimeout, $"The credential plugin '{Command}' of context '{_contextName}' did not finish within {_timeout.TotalSeconds:0} seconds.", null);
        }

        var output = await stdout.ConfigureAwait(false);
        var errors = Excerpt(await stderr.ConfigureAwait(false));
        if (process.ExitCode != 0)
        {
            throw Failure(KinsErrorCategory.AuthenticationError,
                $"The credential plugin '{Command}' of context '{_contextName}' failed with exit code {process.ExitCode}{(errors.Length > 0 ? ": " + errors : ".")}", null);
        }
        return Parse(output);
    }

    private void Validate()
    {
        if (string.IsNullOrWhiteSpace(_exec.Command))
        {
            throw Failure(KinsErrorCategory.InvalidData, $"The exec credential plugin of context '{_contextName}' names no command.", null);
        }
        if (!SupportedApiVersions.Contains(_exec.ApiVersion, StringComparer.Ordinal))
        {
            throw Failure(KinsErrorCategory.InvalidData,
                $"The credential plugin '{_exec.Command}' of context '{_contextName}' uses apiVersion '{_exec.ApiVersion}'; supported: {string.Join(", ", SupportedApiVersions)}.", null);
        }
        if (string.Equals(_exec.InteractiveMode, "Always", StringComparison.Ordinal))
        {
            throw Failure(KinsErrorCategory.InvalidOperation,
                $"The credential plugin '{_exec.Command}' of context '{_contextName}' needs an interactive terminal (interactiveMode: Always), which Kins cannot give it.", null);
        }
    }

    private ProcessStartInfo StartInfo()
    {
        var info = new ProcessStartInfo(_exec.Command!)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in _exec.Args ?? [])
        {
            info.ArgumentList.Add(arg);
        }
        foreach (var variable in _exec.Env ?? [])
        {
            if (!string.IsNullOrEmpty(variable.Name))
            {
                info.Environment[variable.Name] = variable.Value ?? string.Empty;
            }
        }
        info.Environment["KUBERNETES_EXEC_INFO"] = ExecInfo();
        return info;
    }

    private string ExecInfo()
    {
        var spec = new JsonObject { ["interactive"] = false };
        if (_exec.ProvideClusterInfo)
        {
            spec["cluster"] = new JsonObject
            {
                ["server"] = _cluster.Server,
                ["tls-server-name"] = _cluster.TlsServerName,
                ["insecure-skip-tls-verify"] = _cluster.InsecureSkipTlsVerify,
                ["certificate-authority-data"] = _cluster.CertificateAuthorityData,
                ["proxy-url"] = _cluster.ProxyUrl,
            };
        }
        return new JsonObject { ["apiVersion"] = _exec.ApiVersion, ["kind"] = "ExecCredential", ["spec"] = spec }.ToJsonString();
    }

    private ExecCredential Parse(string output)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(output);
        }
        catch (JsonException)
        {
            throw Failure(KinsErrorCategory.InvalidData, $"The credential plugin '{Command}' of context '{_contextName}' did not print an ExecCredential (its output is not JSON).", null);
        }
        var apiVersion = root?["apiVersion"]?.GetValue<string>();
        if (!string.Equals(apiVersion, _exec.ApiVersion, StringComparison.Ordinal))
        {
            throw Failure(KinsErrorCategory.InvalidData,
                $"The credential plugin '{Command}' of context '{_contextName}' answered with apiVersion '{apiVersion}', not '{_exec.ApiVersion}'.", null);
        }
        var status = root?["status"];
        var credential = new ExecCredential(
            Text(status, "token"),
            Text(status, "clientCertificateData"),
            Text(status, "clientKeyData"),
            DateTimeOffset.TryParse(Text(status, "expirationTimestamp"), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var expiry) ? expiry : null);
        if (string.IsNullOrEmpty(credential.Token) && !credential.HasClientCertificate)
        {
            throw Failure(KinsErrorCategory.InvalidData,
                $"The credential plugin '{Command}' of context '{_contextName}' returned neither a token nor a client certificate and key.", null);
        }
        return credential;
    }

    private static string? Text(JsonNode? node, string name) =>
        node?[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;

    private static string Excerpt(string stderr)
    {
        var trimmed = stderr.Trim();
        return trimmed.Length <= StderrExcerptLength ? trimmed : "…" + trimmed[^StderrExcerptLength..];
    }

    private KinsException Failure(KinsErrorCategory category, string message, Exception? inner) =>
        new(KinsErrorIds.CredentialPluginFailed, category, message, _contextName, inner)
        {
            RecommendedAction = $"Run the plugin '{_exec.Command}' yourself to see what it needs, or fix the exec section of context '{_contextName}'.",
        };
}
