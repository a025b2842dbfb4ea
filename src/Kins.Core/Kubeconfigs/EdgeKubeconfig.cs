using Kins.Core.Connection;
using Kins.Core.Errors;
using Kins.Core.SuperEdge;

namespace Kins.Core.Kubeconfigs;

/// <summary>
/// A unit's edge kubeconfig as site-manager writes it (kins-system/&lt;unit&gt;-cm-kins, key kubeconfig.conf):
/// one cluster, context and user, all named "default", with a bearer token.
/// </summary>
internal sealed class EdgeKubeconfig
{
    private EdgeKubeconfig(string unit, string yaml, KubeconfigEntry entry)
    {
        Unit = unit;
        Yaml = yaml;
        Entry = entry;
    }

    public string Unit { get; }
    /// <summary>The ConfigMap's text as site-manager wrote it.</summary>
    public string Yaml { get; }
    /// <summary>The current context's cluster, user and namespace.</summary>
    public KubeconfigEntry Entry { get; }
    public string Server => Entry.Cluster.Server ?? string.Empty;
    public string? Token => Entry.User.Token;

    /// <summary>Parses the ConfigMap's kubeconfig; anything unusable is an InvalidData error that names the ConfigMap.</summary>
    public static EdgeKubeconfig Parse(string unit, string yaml)
    {
        var source = $"The {SuperEdgeNames.KubeconfigKey} of {SuperEdgeNames.KinsNamespace}/{SuperEdgeNames.KinsConfigMap(unit)}";
        KubeconfigDocument document;
        try
        {
            document = KubeconfigYaml.Parse(yaml, source);
        }
        catch (FormatException error)
        {
            throw Invalid(unit, error.Message, error);
        }

        var contexts = document.Contexts ?? [];
        var context = contexts.FirstOrDefault(c => c.Name == document.CurrentContext) ?? contexts.FirstOrDefault();
        var cluster = (document.Clusters ?? []).FirstOrDefault(c => context is null || c.Name == context.Context?.Cluster)?.Cluster;
        var user = (document.Users ?? []).FirstOrDefault(u => context is null || u.Name == context.Context?.User)?.User;
        if (cluster is null || string.IsNullOrEmpty(cluster.Server))
        {
            throw Invalid(unit, $"{source} names no cluster server.");
        }
        if (user is null)
        {
            throw Invalid(unit, $"{source} names no user.");
        }
        return new EdgeKubeconfig(unit, yaml, new KubeconfigEntry(cluster, user, context?.Context?.Namespace));
    }

    private static KinsException Invalid(string unit, string message, Exception? inner = null) =>
        new(KinsErrorIds.KinsKubeconfigInvalid, KinsErrorCategory.InvalidData, message, unit, inner)
        {
            RecommendedAction = $"Check the ConfigMap with: kubectl get cm {SuperEdgeNames.KinsConfigMap(unit)} -n {SuperEdgeNames.KinsNamespace} -o yaml",
        };
}
