using System.Net;
using System.Net.Sockets;
using System.Text;
using Kins.Sandbox.Control;

namespace Kins.Sandbox.Tunnel;

/// <summary>
/// tunnel-cloud's <c>http-proxy</c>: an HTTP CONNECT proxy on 127.0.0.1 at the node port its Service advertises.
/// A CONNECT that <see cref="TunnelRoutes"/> accepts is answered 200 and piped to the unit's edge endpoint; any other
/// request is refused with a status and a reason. While the cloud link is cut it refuses everything and cuts open
/// tunnels, since the tunnel to the edge goes over that link. No connection lives forever (<see cref="ProxyLimits"/>):
/// a head not complete in time, or a tunnel idle too long, is closed, and connections beyond the bound are refused.
/// </summary>
internal sealed class HttpConnectProxy : IDisposable
{
    private const int MaxHeaderBytes = 16 * 1024;
    private readonly TcpListener _listener;
    private readonly TunnelRoutes _routes;
    private readonly CloudLink _link;
    private readonly CancellationTokenSource _stop = new();
    private readonly ProxyLimits _limits;
    private readonly TimeProvider _time;
    private int _open;

    public HttpConnectProxy(int port, TunnelRoutes routes, CloudLink link, ProxyLimits? limits = null, TimeProvider? time = null)
    {
        _routes = routes;
        _link = link;
        _limits = limits ?? ProxyLimits.Default;
        _time = time ?? TimeProvider.System;
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        Port = port;
        _ = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>Connections open now (accepted and not yet closed).</summary>
    public int OpenConnections => Volatile.Read(ref _open);

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
            if (Interlocked.Increment(ref _open) > _limits.MaxConnections)
            {
                _ = RefuseBusyAsync(client);
                continue;
            }
            _ = ServeAsync(client);
        }
    }

    private async Task RefuseBusyAsync(Socket client)
    {
        try
        {
            using (client)
            await using (var stream = new NetworkStream(client, ownsSocket: false))
            {
                using var timeout = new CancellationTokenSource(_limits.HeaderTimeout, _time);
                await RefuseAsync(stream, 503, $"tunnel-cloud's http-proxy has {_limits.MaxConnections} connections open; try again later", timeout.Token);
                // Its request was never read: drain it after our FIN, or closing would reset the connection before the client reads the 503.
                client.Shutdown(SocketShutdown.Send);
                var sink = new byte[1024];
                while (await stream.ReadAsync(sink, timeout.Token) > 0) { }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client left first.
        }
        finally
        {
            Interlocked.Decrement(ref _open);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using (client)
        await using (var stream = new NetworkStream(client, ownsSocket: false))
        {
            try
            {
                string? head;
                using (var headTimeout = new CancellationTokenSource(_limits.HeaderTimeout, _time))
                using (var readHead = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, headTimeout.Token))
                {
                    // A client that never finishes its head (a slow-loris) is dropped without an answer.
                    head = await ReadHeadAsync(stream, readHead.Token);
                }
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
                // The client, the edge endpoint, the cloud link or a limit ended it: the connection closes.
            }
            finally
            {
                Interlocked.Decrement(ref _open);
            }
        }
    }

    private async Task TunnelAsync(Socket client, NetworkStream stream, int port, CancellationToken whileOnline)
    {
        using var edge = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await edge.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), _stop.Token);
        // The idle clock starts before the client hears 200: its first byte may come at once.
        using var idle = new CancellationTokenSource(_limits.IdleTimeout, _time);
        using var cut = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, whileOnline, idle.Token);
        await stream.WriteAsync("HTTP/1.1 200 Connection established\r\n\r\n"u8.ToArray(), cut.Token);
        await using var upstream = new NetworkStream(edge, ownsSocket: false);
        client.NoDelay = true;
        var up = PipeAsync(stream, upstream, idle, cut.Token);
        var down = PipeAsync(upstream, stream, idle, cut.Token);
        await Task.WhenAny(up, down);
        // One side finished (or the tunnel was idle too long): close both, so the other copy ends too.
        await cut.CancelAsync();
        client.Shutdown(SocketShutdown.Both);
        edge.Shutdown(SocketShutdown.Both);
        await Task.WhenAll(up, down).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    /// <summary>Copies one direction of a tunnel; every chunk restarts the idle timer.</summary>
    private async Task PipeAsync(Stream from, Stream to, CancellationTokenSource idle, CancellationToken cancel)
    {
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await from.ReadAsync(buffer, cancel)) > 0)
        {
            idle.CancelAfter(_limits.IdleTimeout);
            await to.WriteAsync(buffer.AsMemory(0, read), cancel);
        }
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

    private static async Task RefuseAsync(NetworkStream stream, int status, string reason, CancellationToken cancel = default)
    {
        var phrase = status switch { 400 => "Bad Request", 403 => "Forbidden", 405 => "Method Not Allowed", 503 => "Service Unavailable", _ => "Bad Gateway" };
        var body = Encoding.UTF8.GetBytes(reason + "\n");
        var head = Encoding.ASCII.GetBytes($"HTTP/1.1 {status} {phrase}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(head, cancel);
        await stream.WriteAsync(body, cancel);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }
}
