using Kins.Core.SuperEdge;

namespace Kins.Sandbox.SiteManager;

/// <summary>
/// The edge cluster's kubeconfig that site-manager stores in <c>kins-system/&lt;unit&gt;-cm-kins</c>, shaped as v0.9
/// writes it: cluster, context and user all <c>default</c>, TLS verification skipped, a bearer token.
/// </summary>
internal static class EdgeKubeconfig
{
    /// <summary>
    /// The in-unit address of the unit's K3s API. v0.9 writes the K3s <c>kubernetes</c> Service address for every
    /// unit; the sandbox, which runs every unit on this host, writes the loopback address of the unit's own
    /// endpoint instead (the stand-in for "reachable from inside the unit").
    /// </summary>
    public static string ServerFor(string unit, IEdgeEndpoints? edges) => edges?.AddressOf(unit) ?? SuperEdgeNames.EdgeClusterServer;

    public static string Render(string unit, string token, IEdgeEndpoints? edges)
    {
        const string n = SuperEdgeNames.EdgeKubeconfigEntryName;
        return $"""
            apiVersion: v1
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
            kind: Config
            preferences: {"{}"}
            users:
            - name: {n}
              user:
                token: {token}

            """;
    }
}
