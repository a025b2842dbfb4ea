using Kins.Core.Connection;
using Kins.Core.Kubeconfigs;

namespace Kins.PowerShell.Infrastructure;

/// <summary>
/// tunnel-cloud's http-proxy URL per cluster for one call: the user's -ProxyUrl when given, otherwise discovered once
/// per connection (master node port, or the ClusterIP with -InCluster) and reused for every unit of that cluster.
/// </summary>
internal sealed class ProxyUrlCache
{
    private readonly Dictionary<KinsConnection, string> _urls = [];

    public async Task<string> ResolveAsync(KinsConnection connection, Uri? explicitProxy, bool inCluster, Action<string> writeVerbose,
        CancellationToken cancellationToken)
    {
        if (explicitProxy is not null)
        {
            return explicitProxy.GetLeftPart(UriPartial.Authority);
        }
        if (!_urls.TryGetValue(connection, out var url))
        {
            url = await KinsKubeconfigs.ResolveProxyUrlAsync(connection, inCluster ? ProxyAddressing.ClusterIP : ProxyAddressing.MasterNodePort, cancellationToken).ConfigureAwait(true);
            writeVerbose($"tunnel-cloud's http-proxy: {url}");
            _urls[connection] = url;
        }
        return url;
    }
}
