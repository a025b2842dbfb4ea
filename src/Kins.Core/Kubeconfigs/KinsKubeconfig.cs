namespace Kins.Core.Kubeconfigs;

/// <summary>Which way a kubeconfig reaches the unit's K3s cluster.</summary>
// long, not int: ConvertTo-Json writes 64-bit enums by name ("Ready", not 2), so exports read like the views.
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1028:Enum Storage should be Int32", Justification = "ConvertTo-Json writes 64-bit enums as their names.")]
public enum KubeconfigKind : long
{
    /// <summary>Directly, from inside the unit (the ConfigMap's file).</summary>
    Edge,
    /// <summary>From the cloud through tunnel-cloud's http-proxy.</summary>
    CloudProxy,
}

/// <summary>
/// A unit's kubeconfig as Kins emits it (PowerShell type name Kins.Kubeconfig). The default views never
/// show <see cref="Token"/>; <see cref="ToString"/> does not either.
/// </summary>
public sealed class KinsKubeconfig
{
    internal KinsKubeconfig(string nodeUnit, KubeconfigKind kind, KubeconfigEntry entry, string yaml, Connection.KinsConnection cloud)
    {
        Entry = entry;
        NodeUnit = nodeUnit;
        Kind = kind;
        Server = entry.Cluster.Server ?? string.Empty;
        ProxyUrl = entry.Cluster.ProxyUrl;
        Token = entry.User.Token;
        Yaml = yaml;
        Context = cloud.ContextName;
        Kubeconfig = cloud.KubeconfigPath;
        ApiServer = cloud.Server;
    }

    public string NodeUnit { get; }
    public KubeconfigKind Kind { get; }
    public string Server { get; }
    public string? ProxyUrl { get; }
    /// <summary>The bearer token of the edge cluster's admin user. Handle with care.</summary>
    public string? Token { get; }
    /// <summary>The kubeconfig text, token included, ready to save or pass to kubectl.</summary>
    public string Yaml { get; }
    /// <summary>The cloud cluster's kubeconfig context the unit was read from.</summary>
    public string? Context { get; }
    /// <summary>The cloud cluster's absolute kubeconfig path(s) the unit was read from (null in-cluster).</summary>
    public string? Kubeconfig { get; }
    /// <summary>The cloud cluster's API server URL (not the edge <see cref="Server"/>): piped back in, the unit must be on it.</summary>
    public string ApiServer { get; }
    /// <summary>
    /// The edge cluster is up by Get-NodeUnit's rule (its kins state is Ready: credential reference and ConfigMap,
    /// every K3s pod ready). False while a promotion is still running: site-manager publishes the kubeconfig and the
    /// reference before any pod runs, so the file is there but its server may not answer yet.
    /// </summary>
    public bool EdgeClusterReady { get; init; } = true;

    internal KubeconfigEntry Entry { get; }

    public override string ToString() => $"{NodeUnit} ({Kind}) {Server}";
}
