using Kins.Core.SuperEdge;

namespace Kins.Core.Kubeconfigs;

/// <summary>Builds the kubeconfigs Kins hands out from a unit's edge kubeconfig.</summary>
internal static class KubeconfigBuilder
{
    /// <summary>Entry name for a unit in a merged kubeconfig: the raw files all say "default" and would clobber each other.</summary>
    public static string EntryName(string unit) => "kins-" + unit;

    /// <summary>The edge kubeconfig as it is, for a single unit (what the article copies to an edge node).</summary>
    public static KubeconfigDocument Edge(EdgeKubeconfig edge) => edge.Document;

    /// <summary>The cloud-side kubeconfig of SITE-MANAGER.md: the edge one with the Service's address and the tunnel's proxy.</summary>
    public static KubeconfigDocument Proxy(EdgeKubeconfig edge, string server, string proxyUrl)
    {
        const string name = SuperEdgeNames.EdgeKubeconfigEntryName;
        return new KubeconfigDocument
        {
            Clusters = [new NamedCluster
            {
                Name = name,
                // TLS verification stays skipped: the K3s serving certificate does not name the Service.
                Cluster = new ClusterEntry { Server = server, ProxyUrl = proxyUrl, InsecureSkipTlsVerify = true },
            }],
            Contexts = [new NamedContext { Name = name, Context = new ContextEntry { Cluster = name, User = name, Namespace = "default" } }],
            CurrentContext = name,
            Users = [new NamedUser { Name = name, User = new UserEntry { Token = edge.Token, ClientCertificateData = edge.User.User.ClientCertificateData, ClientKeyData = edge.User.User.ClientKeyData } }],
        };
    }

    /// <summary>
    /// One kubeconfig for several units: each unit's single cluster, user and context renamed to kins-&lt;unit&gt;;
    /// the first unit's context is current.
    /// </summary>
    public static KubeconfigDocument Merge(IEnumerable<(string Unit, KubeconfigDocument Document)> units)
    {
        var merged = new KubeconfigDocument();
        foreach (var (unit, document) in units)
        {
            var name = EntryName(unit);
            var context = document.Contexts.FirstOrDefault(c => c.Name == document.CurrentContext) ?? document.Contexts.FirstOrDefault();
            var cluster = document.Clusters.First(c => context is null || c.Name == context.Context.Cluster);
            var user = document.Users.First(u => context is null || u.Name == context.Context.User);
            merged.Clusters.Add(new NamedCluster { Name = name, Cluster = cluster.Cluster });
            merged.Users.Add(new NamedUser { Name = name, User = user.User });
            merged.Contexts.Add(new NamedContext
            {
                Name = name,
                Context = new ContextEntry { Cluster = name, User = name, Namespace = context?.Context.Namespace ?? "default" },
            });
            merged.CurrentContext ??= name;
        }
        return merged;
    }
}
