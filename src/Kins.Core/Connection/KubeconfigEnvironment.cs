namespace Kins.Core.Connection;

/// <summary>
/// What kubeconfig discovery reads from the process: $KUBECONFIG, the home directory and the
/// in-cluster service account. A value, so tests describe a machine without touching the real one.
/// </summary>
internal sealed record KubeconfigEnvironment(string? KubeconfigVariable, string? HomeDirectory, string ServiceAccountDirectory, string? ServiceHost, string? ServicePort)
{
    public const string DefaultServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    public static KubeconfigEnvironment Current() => new(
        Environment.GetEnvironmentVariable("KUBECONFIG"),
        HomeDirectoryOf(),
        DefaultServiceAccountDirectory,
        Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST"),
        Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_PORT"));

    public string? DefaultKubeconfigPath =>
        string.IsNullOrEmpty(HomeDirectory) ? null : Path.Combine(HomeDirectory, ".kube", "config");

    public string TokenPath => Path.Combine(ServiceAccountDirectory, "token");
    public string CaPath => Path.Combine(ServiceAccountDirectory, "ca.crt");
    public string NamespacePath => Path.Combine(ServiceAccountDirectory, "namespace");

    /// <summary>client-go's rule: both service variables set and the token readable.</summary>
    public bool IsInCluster =>
        !string.IsNullOrEmpty(ServiceHost) && !string.IsNullOrEmpty(ServicePort) && File.Exists(TokenPath);

    // kubectl uses $HOME, and on Windows falls back to USERPROFILE (client-go homedir.HomeDir).
    private static string? HomeDirectoryOf()
    {
        var home = Environment.GetEnvironmentVariable("HOME");
        if (!string.IsNullOrEmpty(home))
        {
            return home;
        }
        var profile = Environment.GetEnvironmentVariable("USERPROFILE");
        return string.IsNullOrEmpty(profile) ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) : profile;
    }
}
