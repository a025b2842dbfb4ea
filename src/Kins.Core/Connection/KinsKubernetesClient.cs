using k8s;

namespace Kins.Core.Connection;

/// <summary>
/// KubernetesClient's client with Kins's own HTTP handler (see <see cref="ClusterTransport"/>) in place of
/// the one it builds; authentication (token, token file, exec) still goes through its credentials.
/// </summary>
internal sealed class KinsKubernetesClient : Kubernetes
{
    private readonly ClusterTransport _transport;

    public KinsKubernetesClient(KubernetesClientConfiguration credentials, ClusterTransport transport)
        : base(credentials)
    {
        _transport = transport;
        HttpClient.Dispose();
        HttpClient = new HttpClient(_transport.CreateHandler(), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _transport.Dispose();
        }
    }
}
