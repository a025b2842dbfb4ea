using System.Globalization;
using System.Net;
using Kins.Core.SuperEdge;
using Kins.Sandbox.Control;
using Kins.Sandbox.Edge;
using Kins.Sandbox.Store;

namespace Kins.Sandbox.Tunnel;

/// <summary>
/// Which CONNECT targets tunnel-cloud reaches: a unit's kins Service on port 443, by name
/// (<c>&lt;unit&gt;-svc-kins.kins-system</c>, <c>.svc</c>, <c>.svc.cluster.local</c>) or by ClusterIP. Nothing else: it
/// is a tunnel to the edge clusters, not an open proxy.
/// </summary>
internal sealed class TunnelRoutes
{
    private readonly ObjectStore _store;
    private readonly EdgeClusters _edges;
    private readonly SiteLinks _sites;

    public TunnelRoutes(ObjectStore store, EdgeClusters edges, SiteLinks sites)
    {
        _store = store;
        _edges = edges;
        _sites = sites;
    }

    /// <summary>The status <see cref="Resolve"/> gives when the answer is no answer: the connection is closed without a status line.</summary>
    public const int NoAnswer = 0;

    /// <summary>The edge cluster's port, or the HTTP status and reason of the refusal.</summary>
    public (int Port, int Status, string Reason) Resolve(string authority)
    {
        var colon = authority.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(authority.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            return (0, 400, $"CONNECT needs host:port, not '{authority}'");
        }
        var host = authority[..colon].Trim('[', ']').TrimEnd('.').ToLowerInvariant();
        var service = IPAddress.TryParse(host, out _) ? ServiceByClusterIp(host) : ServiceByName(host);
        if (service is null || port != SuperEdgeNames.KinsServicePort)
        {
            return (0, 403, $"tunnel-cloud only tunnels to an edge cluster's kins Service (<unit>{SuperEdgeNames.KinsServiceSuffix}.{SuperEdgeNames.KinsNamespace}:{SuperEdgeNames.KinsServicePort} or its ClusterIP:{SuperEdgeNames.KinsServicePort}), not to {authority}");
        }
        var unit = service[..^SuperEdgeNames.KinsServiceSuffix.Length];
        if (_store.Get(BuiltinResources.Services, SuperEdgeNames.KinsNamespace, service) is null)
        {
            return (0, 502, $"no Service {SuperEdgeNames.KinsNamespace}/{service}: NodeUnit {unit} has no edge cluster");
        }
        if (_sites.IsCut(unit))
        {
            // tunnel-cloud has no tunnel from that site's node: it closes the connection without a status line (SITE-MANAGER.md).
            return (0, NoAnswer, $"the site of NodeUnit {unit} is cut off from the cloud");
        }
        return _edges.FindServing(unit) is { } cluster
            ? (cluster.Port, 200, string.Empty)
            : (0, 502, $"the edge cluster of NodeUnit {unit} does not answer (its K3s servers are not Ready)");
    }

    /// <summary>The kins Service a DNS name stands for, when it has one of the in-cluster forms.</summary>
    private static string? ServiceByName(string host)
    {
        var ns = "." + SuperEdgeNames.KinsNamespace;
        foreach (var suffix in new[] { ns, ns + ".svc", ns + ".svc." + SuperEdgeNames.ClusterDomain })
        {
            if (host.EndsWith(suffix, StringComparison.Ordinal))
            {
                var name = host[..^suffix.Length];
                return name.EndsWith(SuperEdgeNames.KinsServiceSuffix, StringComparison.Ordinal) && name.Length > SuperEdgeNames.KinsServiceSuffix.Length && !name.Contains('.', StringComparison.Ordinal)
                    ? name
                    : null;
            }
        }
        return null;
    }

    private string? ServiceByClusterIp(string ip) =>
        _store.List(BuiltinResources.Services, SuperEdgeNames.KinsNamespace, LabelSelector.Everything, FieldSelector.Everything).Items
            .Where(s => s.Name.EndsWith(SuperEdgeNames.KinsServiceSuffix, StringComparison.Ordinal))
            .FirstOrDefault(s => (string?)s.Parse()["spec"]?["clusterIP"] == ip)?.Name;
}
