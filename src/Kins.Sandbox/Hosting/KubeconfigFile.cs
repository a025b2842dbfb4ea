using System.Text;

namespace Kins.Sandbox.Hosting;

/// <summary>Writes the sandbox's kubeconfig: one cluster (with its CA), one token user, one context, all <c>kins-sandbox</c>.</summary>
internal static class KubeconfigFile
{
    public const string ContextName = "kins-sandbox";

    public static string Render(string endpoint, string caPem, string token)
    {
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
            contexts:
            - name: {ContextName}
              context:
                cluster: {ContextName}
                user: {ContextName}
            current-context: {ContextName}
            preferences: {"{}"}

            """;
    }

    /// <summary>Writes atomically, readable by the owner only (it holds the token).</summary>
    public static void Write(string path, string content)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".tmp-" + Environment.ProcessId;
        File.WriteAllText(temp, content);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        File.Move(temp, full, overwrite: true);
    }
}
