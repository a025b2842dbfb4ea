using System.Management.Automation;
using Kins.Core.Connection;
using Kins.Core.Kubeconfigs;
using Kins.PowerShell.Infrastructure;

namespace Kins.PowerShell.Commands;

/// <summary>Builds a cloud-side kubeconfig that reaches a unit's edge K3s cluster through tunnel-cloud's http-proxy.</summary>
[Cmdlet(VerbsCommon.New, "KinsProxyKubeconfig", DefaultParameterSetName = ObjectSet)]
[OutputType("Kins.Kubeconfig", ParameterSetName = [ObjectSet])]
[OutputType(typeof(string), ParameterSetName = [YamlSet])]
[OutputType(typeof(FileInfo), ParameterSetName = [FileSet])]
public sealed class NewKinsProxyKubeconfigCommand : KubeconfigOutputCmdlet
{
    private readonly ProxyUrlCache _proxyUrls = new();
    private bool _warned;

    #region Parameters

    /// <summary>The proxy to use instead of the one discovered from tunnel-cloud.</summary>
    [Parameter]
    [ValidateNotNull]
    public Uri? ProxyUrl { get; set; }

    /// <summary>Use tunnel-cloud's ClusterIP and port 8080 (for use from inside the cluster).</summary>
    [Parameter]
    public SwitchParameter InCluster { get; set; }

    /// <summary>Address the unit's K3s Service by its ClusterIP instead of its DNS name.</summary>
    [Parameter]
    public SwitchParameter UseServiceIP { get; set; }

    #endregion

    protected override Task BeginProcessingAsync(CancellationToken cancellationToken)
    {
        if (ProxyUrl is { } proxy && (!proxy.IsAbsoluteUri || (proxy.Scheme != Uri.UriSchemeHttp && proxy.Scheme != Uri.UriSchemeHttps)))
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"-ProxyUrl '{proxy}' must be an absolute http:// or https:// URL, e.g. http://10.0.0.1:31469."),
                "InvalidProxyUrl", ErrorCategory.InvalidArgument, proxy));
        }
        return Task.CompletedTask;
    }

    protected override async Task<KinsKubeconfig> BuildAsync(KinsConnection connection, string unit, CancellationToken cancellationToken)
    {
        var proxyUrl = await ProxyUrlFor(connection, cancellationToken).ConfigureAwait(true);
        var kubeconfig = await KinsKubeconfigs.NewProxyAsync(connection, unit, proxyUrl, UseServiceIP.IsPresent, cancellationToken).ConfigureAwait(true);
        if (!_warned)
        {
            _warned = true;
            WriteWarning("The cloud-side kubeconfig skips TLS verification (insecure-skip-tls-verify): the K3s serving certificate does not name the unit's Service, as SuperEdge documents. The tunnel still carries the traffic encrypted end to end.");
        }
        return kubeconfig;
    }

    private Task<string> ProxyUrlFor(KinsConnection connection, CancellationToken cancellationToken) =>
        _proxyUrls.ResolveAsync(connection, ProxyUrl, InCluster, WriteVerbose, cancellationToken);
}
