using System.Text;

namespace Kins.Sandbox.Hosting;

/// <summary>
/// Writes the sandbox's kubeconfig: one cluster (with its CA) and two token users with a context each:
/// <c>kins-sandbox</c> (admin, the current context) and <c>kins-sandbox-readonly</c> (get, list and watch only), to
/// rehearse a forbidden write.
/// </summary>
internal static class KubeconfigFile
{
    public const string ContextName = "kins-sandbox";
    public const string ReadOnlyContextName = "kins-sandbox-readonly";

    public static string Render(string endpoint, string caPem, string token, string? readOnlyToken = null)
    {
        var readOnlyUser = readOnlyToken is null ? string.Empty : $"""
            - name: {ReadOnlyContextName}
              user:
                token: {readOnlyToken}

            """;
        var readOnlyContext = readOnlyToken is null ? string.Empty : $"""
            - name: {ReadOnlyContextName}
              context:
                cluster: {ContextName}
                user: {ReadOnlyContextName}

            """;
        var caData = Convert.ToBase64String(Encoding.UTF8.GetBytes(caPem));
        return $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: {ContextName}
              cluster:
                server: {endpoint}
                certificate-authority-data: {caData}
            users:
            - name: {ContextName}
              user:
                token: {token}
            {readOnlyUser}contexts:
            - name: {ContextName}
              context:
                cluster: {ContextName}
                user: {ContextName}
            {readOnlyContext}current-context: {ContextName}
            preferences: {"{}"}

            """;
    }

    /// <summary>Writes atomically, readable by the owner only (it holds the token).</summary>
    public static void Write(string path, string content)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".tmp-" + Environment.ProcessId;
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Owner-only from the first byte: the tokens are never readable by others, not even briefly.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var writer = new StreamWriter(temp, Encoding.UTF8, options))
        {
            writer.Write(content);
        }
        File.Move(temp, full, overwrite: true);
    }
}
