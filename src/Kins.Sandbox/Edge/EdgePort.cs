using System.Net;
using System.Net.Sockets;

namespace Kins.Sandbox.Edge;

/// <summary>
/// A unit's own port on 127.0.0.1, bound from promotion on (so the edge kubeconfig can name it before the K3s
/// servers are Ready) and closed at demotion. Connections made while the unit is not serving are closed at once,
/// as a K3s Service without a Ready server refuses them.
/// </summary>
internal sealed class EdgePort : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly CancellationTokenSource _stop = new();

    public EdgePort(EdgeTransport transport, Func<bool> serving)
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(128);
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        _ = AcceptAsync(transport, serving);
    }

    public int Port { get; }

    private async Task AcceptAsync(EdgeTransport transport, Func<bool> serving)
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            if (serving())
            {
                socket.NoDelay = true;
                transport.Hand(socket);
            }
            else
            {
                socket.Dispose();
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Dispose();
        _stop.Dispose();
    }
}
