using Kins.Core.Connection;
using Kins.Core.SuperEdge;

namespace Kins.Core.Kubeconfigs;

/// <summary>Builds the kubeconfigs Kins hands out from a unit's edge kubeconfig.</summary>
internal static class KubeconfigBuilder
{
    /// <summary>Entry name for a unit in a merged kubeconfig: the raw files all say "default" and would clobber each other.</summary>
    public static string EntryName(string unit) => "kins-" + unit;

    /// <summary>The cloud-side kubeconfig of SITE-MANAGER.md: the edge one's credentials with the Service's address and the tunnel's proxy.</summary>
    public static KubeconfigEntry Proxy(EdgeKubeconfig edge, string server, string proxyUrl) =>
        new(
            // TLS verification stays skipped: the K3s serving certificate does not name the Service.
            new KubeconfigCluster { Server = server, ProxyUrl = proxyUrl, InsecureSkipTlsVerify = true },
            new KubeconfigUser { Token = edge.Token, ClientCertificateData = edge.Entry.User.ClientCertificateData, ClientKeyData = edge.Entry.User.ClientKeyData },
            "default");

    /// <summary>One unit's kubeconfig with its entries named as site-manager names them ("default").</summary>
    public static string Single(KubeconfigEntry entry) => KubeconfigYaml.Write([(SuperEdgeNames.EdgeKubeconfigEntryName, entry)]);

    /// <summary>
    /// One kubeconfig for several units: each unit's cluster, user and context named kins-&lt;unit&gt;;
    /// the first unit's context is current.
    /// </summary>
    public static string Merge(IEnumerable<(string Unit, KubeconfigEntry Entry)> units) =>
        KubeconfigYaml.Write([.. units.Select(u => (EntryName(u.Unit), u.Entry))]);
}
