using k8s;
using k8s.Models;
using Kins.Core.Connection;
using Kins.Core.Errors;
using Kins.Core.NodeUnits;
using Kins.Core.SuperEdge;

namespace Kins.Core.Kubeconfigs;

/// <summary>The kubeconfigs of a unit's edge cluster: the edge one site-manager publishes and the cloud-side one through the tunnel.</summary>
public static class KinsKubeconfigs
{
    /// <summary>The unit's edge kubeconfig (kins-system/&lt;unit&gt;-cm-kins, key kubeconfig.conf).</summary>
    public static async Task<KinsKubeconfig> GetEdgeAsync(KinsConnection connection, string unitName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var unit = await NodeUnitReader.GetAsync(connection, unitName, cancellationToken).ConfigureAwait(false);
        var edge = await EdgeKubeconfigReader.ReadAsync(connection, unit, cancellationToken).ConfigureAwait(false);
        return new KinsKubeconfig(unit.Name, KubeconfigKind.Edge, edge.Entry, edge.Yaml, connection)
        {
            EdgeClusterReady = await IsUpAsync(connection, unit, cancellationToken).ConfigureAwait(false),
        };
    }

    /// <summary>tunnel-cloud's http-proxy URL; resolve it once per batch and pass it to <see cref="NewProxyAsync"/>.</summary>
    public static Task<string> ResolveProxyUrlAsync(KinsConnection connection, ProxyAddressing addressing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return TunnelProxyResolver.ResolveAsync(connection, addressing, cancellationToken);
    }

    /// <summary>
    /// The cloud-side kubeconfig: the edge kubeconfig's credentials, <c>server: https://&lt;unit&gt;-svc-kins.kins-system:443</c>
    /// (or the Service's ClusterIP) and <c>proxy-url</c>. TLS verification is skipped: the K3s certificate does not name the Service.
    /// </summary>
    public static async Task<KinsKubeconfig> NewProxyAsync(KinsConnection connection, string unitName, string proxyUrl, bool useServiceIp,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var unit = await NodeUnitReader.GetAsync(connection, unitName, cancellationToken).ConfigureAwait(false);
        return await NewProxyAsync(connection, unit, proxyUrl, useServiceIp, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The cloud-side kubeconfig of a unit already read (Test-KinsEdgeCluster needs the unit too).</summary>
    internal static async Task<KinsKubeconfig> NewProxyAsync(KinsConnection connection, Model.NodeUnit unit, string proxyUrl, bool useServiceIp,
        CancellationToken cancellationToken)
    {
        var edge = await EdgeKubeconfigReader.ReadAsync(connection, unit, cancellationToken).ConfigureAwait(false);
        var service = await ReadKinsServiceAsync(connection, unit.Name, cancellationToken).ConfigureAwait(false);
        var server = useServiceIp ? $"https://{ServiceIp(service, unit.Name)}:{SuperEdgeNames.KinsServicePort}" : SuperEdgeNames.KinsServiceUrl(unit.Name);
        var entry = KubeconfigBuilder.Proxy(edge, server, proxyUrl);
        return new KinsKubeconfig(unit.Name, KubeconfigKind.CloudProxy, entry, KubeconfigBuilder.Single(entry), connection)
        {
            EdgeClusterReady = await IsUpAsync(connection, unit, cancellationToken).ConfigureAwait(false),
        };
    }

    /// <summary>
    /// The YAML to save: one unit's kubeconfig as it is, or several merged into one file with a cluster, user and
    /// context per unit named kins-&lt;unit&gt; (the raw files all say "default" and would clobber each other).
    /// </summary>
    public static string ToFileContent(IReadOnlyList<KinsKubeconfig> kubeconfigs)
    {
        ArgumentNullException.ThrowIfNull(kubeconfigs);
        return kubeconfigs.Count switch
        {
            0 => throw new ArgumentException("No kubeconfig to write.", nameof(kubeconfigs)),
            1 => kubeconfigs[0].Yaml,
            _ => KubeconfigBuilder.Merge(kubeconfigs.Select(k => (k.NodeUnit, k.Entry))),
        };
    }

    /// <summary>
    /// Whether the unit's edge cluster is up by the same rule as Get-NodeUnit's Ready (SITE-MANAGER.md, rule 4): not the
    /// credential reference alone, which site-manager writes before any K3s pod runs (flaw 3).
    /// </summary>
    private static async Task<bool> IsUpAsync(KinsConnection connection, Model.NodeUnit unit, CancellationToken cancellationToken)
    {
        var snapshot = await Observe.ClusterSnapshotLoader.LoadUnitAsync(connection, unit.Name, cancellationToken).ConfigureAwait(false);
        return Observe.KinsObserver.Observe(unit, snapshot).State == Observe.KinsState.Ready;
    }

    /// <summary>The context name a unit gets in a merged file.</summary>
    public static string MergedContextName(string unit) => KubeconfigBuilder.EntryName(unit);

    private static async Task<V1Service> ReadKinsServiceAsync(KinsConnection connection, string unit, CancellationToken cancellationToken) =>
        await ApiReads.GetOrNullAsync(connection,
            ct => connection.Client.CoreV1.ReadNamespacedServiceAsync(SuperEdgeNames.KinsService(unit), SuperEdgeNames.KinsNamespace, cancellationToken: ct),
            unit, cancellationToken).ConfigureAwait(false)
        ?? throw new KinsException(KinsErrorIds.KinsServiceNotFound, KinsErrorCategory.ObjectNotFound,
            $"The Service {SuperEdgeNames.KinsNamespace}/{SuperEdgeNames.KinsService(unit)} of NodeUnit '{unit}' does not exist, so its K3s API cannot be reached through the tunnel.",
            unit)
        {
            RecommendedAction = $"Wait for the promotion to finish: Set-NodeUnitAutonomy -Name {unit} -Level L4 -Wait",
        };

    private static string ServiceIp(V1Service service, string unit)
    {
        var ip = service.Spec?.ClusterIP;
        return string.IsNullOrEmpty(ip) || ip == "None"
            ? throw new KinsException(KinsErrorIds.KinsServiceNotFound, KinsErrorCategory.ObjectNotFound,
                $"The Service {SuperEdgeNames.KinsNamespace}/{SuperEdgeNames.KinsService(unit)} has no ClusterIP; use its DNS name (omit -UseServiceIP).", unit)
            : ip.Contains(':', StringComparison.Ordinal) ? $"[{ip}]" : ip;
    }
}
