using Kins.Core.Errors;
using Kins.Core.SuperEdge;

namespace Kins.Core.Kubeconfigs;

/// <summary>
/// A unit's edge kubeconfig as site-manager writes it (kins-system/&lt;unit&gt;-cm-kins, key kubeconfig.conf):
/// one cluster, context and user, all named "default", with a bearer token.
/// </summary>
internal sealed class EdgeKubeconfig
{
    private EdgeKubeconfig(string unit, KubeconfigDocument document, NamedCluster cluster, NamedUser user, NamedContext? context)
    {
        Unit = unit;
        Document = document;
        Cluster = cluster;
        User = user;
        Context = context;
    }

    public string Unit { get; }
    public KubeconfigDocument Document { get; }
    public NamedCluster Cluster { get; }
    public NamedUser User { get; }
    public NamedContext? Context { get; }
    public string Server => Cluster.Cluster.Server ?? string.Empty;
    public string? Token => User.User.Token;

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

        var context = document.Contexts.FirstOrDefault(c => c.Name == document.CurrentContext) ?? document.Contexts.FirstOrDefault();
        var cluster = document.Clusters.FirstOrDefault(c => c.Name == context?.Context.Cluster) ?? document.Clusters.FirstOrDefault();
        var user = document.Users.FirstOrDefault(u => u.Name == context?.Context.User) ?? document.Users.FirstOrDefault();
        if (cluster is null || string.IsNullOrEmpty(cluster.Cluster.Server))
        {
            throw Invalid(unit, $"{source} names no cluster server.");
        }
        if (user is null)
        {
            throw Invalid(unit, $"{source} names no user.");
        }
        return new EdgeKubeconfig(unit, document, cluster, user, context);
    }

    private static KinsException Invalid(string unit, string message, Exception? inner = null) =>
        new(KinsErrorIds.KinsKubeconfigInvalid, KinsErrorCategory.InvalidData, message, unit, inner)
        {
            RecommendedAction = $"Check the ConfigMap with: kubectl get cm {SuperEdgeNames.KinsConfigMap(unit)} -n {SuperEdgeNames.KinsNamespace} -o yaml",
        };
}
