using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Kins.Core.Tests.TestSupport;

/// <summary>An HTTP CONNECT proxy on 127.0.0.1 that records the targets it tunnels to.</summary>
internal sealed class TestConnectProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public TestConnectProxy()
    {
        _listener.Start();
        _loop = Task.Run(() => LoopbackAcceptLoop.RunAsync(_listener, Tunnel, _stop.Token));
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
    public ConcurrentQueue<string> ConnectTargets { get; } = new();

    private async Task Tunnel(TcpClient client)
    {
        using (client)
        {
            try
            {
                var downstream = client.GetStream();
                var head = await TestHttpsServer.ReadHead(downstream);
                var parts = head.Count > 0 ? head[0].Split(' ') : [];
                if (parts.Length < 2 || parts[0] != "CONNECT")
                {
                    await downstream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n"));
                    return;
                }
                ConnectTargets.Enqueue(parts[1]);
                var hostPort = parts[1].Split(':');
                if (hostPort[0] != "127.0.0.1")
                {
                    // Tests only ever talk to 127.0.0.1.
                    await downstream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n"));
                    return;
                }
                using var upstream = new TcpClient();
                await upstream.ConnectAsync(IPAddress.Loopback, int.Parse(hostPort[1], System.Globalization.CultureInfo.InvariantCulture), _stop.Token);
                await downstream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 Connection established\r\n\r\n"));
                var up = upstream.GetStream();
                await Task.WhenAny(downstream.CopyToAsync(up, _stop.Token), up.CopyToAsync(downstream, _stop.Token));
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // A side closed the tunnel.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}
