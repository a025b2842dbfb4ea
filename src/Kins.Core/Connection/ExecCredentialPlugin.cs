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

    private readonly KubeconfigExec exec;
    private readonly KubeconfigCluster cluster;
    private readonly string contextName;
    private readonly TimeSpan timeout;

    public ExecCredentialPlugin(KubeconfigExec exec, KubeconfigCluster cluster, string contextName, TimeSpan timeout)
    {
        this.exec = exec;
        this.cluster = cluster;
        this.contextName = contextName;
        this.timeout = timeout;
        Validate();
    }

    public string Command => exec.Command!;

    public async Task<ExecCredential> RunAsync(CancellationToken cancellationToken)
    {
        using var process = new Process { StartInfo = StartInfo() };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            var hint = string.IsNullOrWhiteSpace(exec.InstallHint) ? string.Empty : " " + exec.InstallHint.Trim();
            throw Failure(KinsErrorCategory.NotInstalled, $"The credential plugin '{Command}' of context '{contextName}' could not be started: {e.Message}.{hint}", e);
        }
        // Plugins run non-interactively: a closed stdin makes a prompting plugin fail instead of hanging.
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw Failure(KinsErrorCategory.OperationTimeout, $"The credential plugin '{Command}' of context '{contextName}' did not finish within {timeout.TotalSeconds:0} seconds.", null);
        }

        var output = await stdout.ConfigureAwait(false);
        var errors = Excerpt(await stderr.ConfigureAwait(false));
        if (process.ExitCode != 0)
        {
            throw Failure(KinsErrorCategory.AuthenticationError,
                $"The credential plugin '{Command}' of context '{contextName}' failed with exit code {process.ExitCode}{(errors.Length > 0 ? ": " + errors : ".")}", null);
        }
        return Parse(output);
    }

    private void Validate()
    {
        if (string.IsNullOrWhiteSpace(exec.Command))
        {
            throw Failure(KinsErrorCategory.InvalidData, $"The exec credential plugin of context '{contextName}' names no command.", null);
        }
        if (!SupportedApiVersions.Contains(exec.ApiVersion, StringComparer.Ordinal))
        {
            throw Failure(KinsErrorCategory.InvalidData,
                $"The credential plugin '{exec.Command}' of context '{contextName}' uses apiVersion '{exec.ApiVersion}'; supported: {string.Join(", ", SupportedApiVersions)}.", null);
        }
        if (string.Equals(exec.InteractiveMode, "Always", StringComparison.Ordinal))
        {
            throw Failure(KinsErrorCategory.InvalidOperation,
                $"The credential plugin '{exec.Command}' of context '{contextName}' needs an interactive terminal (interactiveMode: Always), which Kins cannot give it.", null);
        }
    }

    private ProcessStartInfo StartInfo()
    {
        var info = new ProcessStartInfo(exec.Command!)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in exec.Args ?? [])
        {
            info.ArgumentList.Add(arg);
        }
        foreach (var variable in exec.Env ?? [])
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
        if (exec.ProvideClusterInfo)
        {
            spec["cluster"] = new JsonObject
            {
                ["server"] = cluster.Server,
                ["tls-server-name"] = cluster.TlsServerName,
                ["insecure-skip-tls-verify"] = cluster.InsecureSkipTlsVerify,
                ["certificate-authority-data"] = cluster.CertificateAuthorityData,
                ["proxy-url"] = cluster.ProxyUrl,
            };
        }
        return new JsonObject { ["apiVersion"] = exec.ApiVersion, ["kind"] = "ExecCredential", ["spec"] = spec }.ToJsonString();
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
            throw Failure(KinsErrorCategory.InvalidData, $"The credential plugin '{Command}' of context '{contextName}' did not print an ExecCredential (its output is not JSON).", null);
        }
        var apiVersion = root?["apiVersion"]?.GetValue<string>();
        if (!string.Equals(apiVersion, exec.ApiVersion, StringComparison.Ordinal))
        {
            throw Failure(KinsErrorCategory.InvalidData,
                $"The credential plugin '{Command}' of context '{contextName}' answered with apiVersion '{apiVersion}', not '{exec.ApiVersion}'.", null);
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
                $"The credential plugin '{Command}' of context '{contextName}' returned neither a token nor a client certificate and key.", null);
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
        new(KinsErrorIds.CredentialPluginFailed, category, message, contextName, inner)
        {
            RecommendedAction = $"Run the plugin '{exec.Command}' yourself to see what it needs, or fix the exec section of context '{contextName}'.",
        };
}
