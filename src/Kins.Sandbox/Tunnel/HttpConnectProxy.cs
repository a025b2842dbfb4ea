using System.Net;
using System.Net.Sockets;
using System.Text;
using Kins.Sandbox.Control;

namespace Kins.Sandbox.Tunnel;

/// <summary>
/// tunnel-cloud's <c>http-proxy</c>: an HTTP CONNECT proxy on 127.0.0.1 at the node port its Service advertises.
/// A CONNECT that <see cref="TunnelRoutes"/> accepts is answered 200 and piped to the unit's edge endpoint; any other
/// request is refused with a status and a reason. While the cloud link is cut it refuses everything and cuts open
/// tunnels, since the tunnel to the edge goes over that link.
/// </summary>
internal sealed class HttpConnectProxy : IDisposable
{
    private const int MaxHeaderBytes = 16 * 1024;
    private readonly TcpListener _listener;
    private readonly TunnelRoutes _routes;
    private readonly CloudLink _link;
    private readonly CancellationTokenSource _stop = new();

    public HttpConnectProxy(int port, TunnelRoutes routes, CloudLink link)
    {
        _routes = routes;
        _link = link;
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        Port = port;
        _ = AcceptAsync();
    }

    public int Port { get; }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using (client)
        await using (var stream = new NetworkStream(client, ownsSocket: false))
        {
            try
            {
                var head = await ReadHeadAsync(stream, _stop.Token);
                var line = head?.Split("\r\n", 2)[0].Split(' ');
                if (line is not [var method, var target, _])
                {
                    await RefuseAsync(stream, 400, "not an HTTP request");
                    return;
                }
                if (method != "CONNECT")
                {
                    await RefuseAsync(stream, 405, "tunnel-cloud's http-proxy only tunnels with CONNECT");
                    return;
                }
                var whileOnline = _link.WhileOnline;
                if (whileOnline.IsCancellationRequested)
                {
                    await RefuseAsync(stream, 502, "the tunnel to the edge is down: the cloud is cut off from the edge");
                    return;
                }
                var (port, status, reason) = _routes.Resolve(target);
                if (status == TunnelRoutes.NoAnswer)
                {
                    return;
                }
                if (status != 200)
                {
                    await RefuseAsync(stream, status, reason);
                    return;
                }
                await TunnelAsync(client, stream, port, whileOnline);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client, the edge endpoint, or the cloud link went away: the tunnel ends.
            }
        }
    }

    private async Task TunnelAsync(Socket client, NetworkStream stream, int port, CancellationToken whileOnline)
    {
        using var edge = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await edge.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), _stop.Token);
        await stream.WriteAsync("HTTP/1.1 200 Connection established\r\n\r\n"u8.ToArray(), _stop.Token);
        await using var upstream = new NetworkStream(edge, ownsSocket: false);
        using var cut = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, whileOnline);
        client.NoDelay = true;
        var up = stream.CopyToAsync(upstream, cut.Token);
        var down = upstream.CopyToAsync(stream, cut.Token);
        await Task.WhenAny(up, down);
        // One side finished: close both, so the other copy ends too.
        await cut.CancelAsync();
        client.Shutdown(SocketShutdown.Both);
        edge.Shutdown(SocketShutdown.Both);
        await Task.WhenAll(up, down).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    /// <summary>The request line and headers, up to the blank line; null when the client closes first.</summary>
    private static async Task<string?> ReadHeadAsync(NetworkStream stream, CancellationToken cancel)
    {
        var buffer = new byte[MaxHeaderBytes];
        var length = 0;
        while (length < buffer.Length)
        {
            // One byte at a time: nothing after the blank line may be consumed (the TLS handshake follows).
            var read = await stream.ReadAsync(buffer.AsMemory(length, 1), cancel);
            if (read == 0)
            {
                return null;
            }
            length++;
            if (length >= 4 && buffer[length - 4] == '\r' && buffer[length - 3] == '\n' && buffer[length - 2] == '\r' && buffer[length - 1] == '\n')
            {
                return Encoding.ASCII.GetString(buffer, 0, length);
            }
        }
        return null;
    }

    private static async Task RefuseAsync(NetworkStream stream, int status, string reason)
    {
        var phrase = status switch { 400 => "Bad Request", 403 => "Forbidden", 405 => "Method Not Allowed", _ => "Bad Gateway" };
        var body = Encoding.UTF8.GetBytes(reason + "\n");
        var head = Encoding.ASCII.GetBytes($"HTTP/1.1 {status} {phrase}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(head);
        await stream.WriteAsync(body);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }
}
