using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Kins.Core.Tests.TestSupport;

/// <summary>One request as the test server saw it.</summary>
internal sealed record SeenRequest(string Method, string Target, IReadOnlyDictionary<string, string> Headers)
{
    public string Path => Target.Split('?')[0];
    public string Query => Target.Contains('?', StringComparison.Ordinal) ? Target[(Target.IndexOf('?', StringComparison.Ordinal) + 1)..] : string.Empty;
    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : null;
}

/// <summary>A tiny HTTP/1.1 server on 127.0.0.1 (TLS when given a certificate) that answers with a handler and records requests.</summary>
internal sealed class TestHttpsServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly X509Certificate2? _certificate;
    private readonly Func<SeenRequest, Task<(int Status, string Body)>> _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public TestHttpsServer(X509Certificate2? certificate, Func<SeenRequest, (int Status, string Body)> handler)
        : this(certificate, r => Task.FromResult(handler(r))) { }

    public TestHttpsServer(X509Certificate2? certificate, Func<SeenRequest, Task<(int Status, string Body)>> handler)
    {
        _certificate = certificate;
        _handler = handler;
        _listener.Start();
        _loop = Task.Run(() => LoopbackAcceptLoop.RunAsync(_listener, Serve, _stop.Token));
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public string Url => $"{(_certificate is null ? "http" : "https")}://127.0.0.1:{Port}";
    public ConcurrentQueue<SeenRequest> Requests { get; } = new();
    public int TlsHandshakes;

    private async Task Serve(TcpClient client)
    {
        using (client)
        {
            try
            {
                Stream stream = client.GetStream();
                if (_certificate is not null)
                {
                    var tls = new SslStream(stream);
                    await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                    {
                        ServerCertificate = _certificate,
                        ApplicationProtocols = [SslApplicationProtocol.Http11],
                    }, _stop.Token);
                    Interlocked.Increment(ref TlsHandshakes);
                    stream = tls;
                }
                var request = await ReadRequest(stream);
                if (request is null)
                {
                    return;
                }
                Requests.Enqueue(request);
                var (status, body) = await _handler(request);
                var bytes = Encoding.UTF8.GetBytes(body);
                var head = $"HTTP/1.1 {status} {(HttpStatusCode)status}\r\nContent-Type: application/json\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head), _stop.Token);
                await stream.WriteAsync(bytes, _stop.Token);
                await stream.FlushAsync(_stop.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException or ObjectDisposedException)
            {
                // The client gave up (a rejected _certificate, a timeout): nothing to answer.
            }
        }
    }

    /// <summary>Reads a request head and (ignored) body.</summary>
    internal static async Task<SeenRequest?> ReadRequest(Stream stream)
    {
        var lines = await ReadHead(stream);
        if (lines.Count == 0)
        {
            return null;
        }
        var parts = lines[0].Split(' ');
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
            .GroupBy(p => p[0].Trim().ToLowerInvariant()).ToDictionary(g => g.Key, g => g.First()[1].Trim());
        if (headers.TryGetValue("content-length", out var length) && int.TryParse(length, out var count) && count > 0)
        {
            var body = new byte[count];
            await stream.ReadExactlyAsync(body);
        }
        return new SeenRequest(parts[0], parts.Length > 1 ? parts[1] : "/", headers);
    }

    internal static async Task<List<string>> ReadHead(Stream stream)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        var buffer = new byte[1];
        while (await stream.ReadAsync(buffer) == 1)
        {
            if (buffer[0] == '\n')
            {
                var text = line.ToString().TrimEnd('\r');
                if (text.Length == 0)
                {
                    return lines;
                }
                lines.Add(text);
                line.Clear();
            }
            else
            {
                line.Append((char)buffer[0]);
            }
        }
        return lines;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}
