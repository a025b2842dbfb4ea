using Kins.Core.SuperEdge;

namespace Kins.Sandbox.SiteManager;

/// <summary>
/// The edge cluster's kubeconfig that site-manager stores in <c>kins-system/&lt;unit&gt;-cm-kins</c>, as
/// manifest/kins_info.go:19-48 renders it: cluster, context and user all <c>default</c>, TLS verification skipped,
/// the bearer token of <c>known_tokens.csv</c>.
/// </summary>
internal static class EdgeKubeconfig
{
    /// <summary>
    /// The in-unit address of the unit's K3s API. v0.9 writes <c>https://26.0.0.1</c> (the K3s <c>kubernetes</c> Service)
    /// for every unit, reachable only inside the unit; the sandbox runs every unit on this host, so it writes the
    /// loopback address of the unit's own endpoint instead: the one deviation that keeps the edge kubeconfig usable.
    /// </summary>
    public static string ServerFor(string unit, IEdgeEndpoints? edges) => edges?.AddressOf(unit) ?? SuperEdgeNames.EdgeClusterServer;

    public static string Render(string unit, string token, IEdgeEndpoints? edges)
    {
        const string n = SuperEdgeNames.EdgeKubeconfigEntryName;
        return $"""
            apiVersion: v1
            kind: Config
            clusters:
            - cluster:
                insecure-skip-tls-verify: true
                server: {ServerFor(unit, edges)}
              name: {n}
            contexts:
            - context:
                cluster: {n}
                namespace: default
                user: {n}
              name: {n}
            current-context: {n}
            users:
            - name: {n}
              user:
                token: {token}

            """;
    }
}
