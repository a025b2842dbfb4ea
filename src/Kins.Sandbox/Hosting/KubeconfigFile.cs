using System.Text;
using Kins.Core.Files;

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

    /// <summary>
    /// Writes atomically, readable by the owner only from its first byte (it holds the token): a new file of a random
    /// name created 0600, then renamed over the target. A folder it has to create is created 0700.
    /// </summary>
    public static void Write(string path, string content)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder))
        {
            if (OperatingSystem.IsWindows()) { Directory.CreateDirectory(folder); }
            else { Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute); }
        }
        SecureFile.WriteAllTextAtomically(full, content, overwrite: true);
    }

    /// <summary>A new folder of an unguessable name under the temp folder, 0700 (mkdtemp), for the kubeconfig the sandbox owns.</summary>
    public static string CreatePrivateFolder() => Directory.CreateTempSubdirectory("kins-sandbox-").FullName;
}
