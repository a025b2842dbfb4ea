using System.Net.Sockets;
using System.Text;
using Kins.Core.Sandbox;
using Kins.Core.Tests.TestSupport;
using Kins.Sandbox.Tunnel;

namespace Kins.Sandbox.Tests;

/// <summary>tunnel-cloud's http-proxy holds no connection forever: head timeout, idle timeout, a bound on open connections.</summary>
public sealed class ProxyLimitTests
{
    private static readonly ProxyLimits Limits = new(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(10), MaxConnections: 3);

    [Fact]
    public async Task A_CONNECT_line_without_CRLF_is_closed_when_the_head_timeout_passes()
    {
        var clock = new ManualClock();
        await using var sandbox = await TestSandbox.StartAsync(new SandboxOptions { ReadyDelay = TimeSpan.Zero }, time: clock, proxyLimits: Limits);
        var proxy = sandbox.Server.HttpProxyPort!.Value;
        using var slowLoris = await OpenAsync(proxy, "CONNECT test-svc-kins.kins-system:443 HTTP/1.1");
        await TestSandbox.EventuallyAsync(() => Task.FromResult(clock.PendingTimers > 0), "the proxy armed the head timeout");

        clock.Advance(Limits.HeaderTimeout - TimeSpan.FromSeconds(1));
        Assert.True(slowLoris.Connected && !await ClosedAsync(slowLoris, TimeSpan.FromMilliseconds(200)), "closed before its head timeout");
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await ClosedAsync(slowLoris, TimeSpan.FromSeconds(10)), "the slow-loris connection is still open after the head timeout");
        await TestSandbox.EventuallyAsync(() => Task.FromResult(sandbox.Server.ProxyOpenConnections == 0), "the proxy forgot the connection");
    }

    [Fact]
    public async Task Connections_beyond_the_bound_are_refused_with_503_and_freed_slots_are_reused()
    {
        var clock = new ManualClock();
        await using var sandbox = await TestSandbox.StartAsync(new SandboxOptions { ReadyDelay = TimeSpan.Zero }, time: clock, proxyLimits: Limits);
        var proxy = sandbox.Server.HttpProxyPort!.Value;
        var idle = new List<TcpClient>();
        for (var i = 0; i < Limits.MaxConnections; i++) { idle.Add(await OpenAsync(proxy, string.Empty)); }
        await TestSandbox.EventuallyAsync(() => Task.FromResult(sandbox.Server.ProxyOpenConnections == Limits.MaxConnections), "the proxy holds the idle connections");

        var (status, text) = await EdgeAccess.ConnectAsync(proxy, "test-svc-kins.kins-system:443");
        Assert.Equal(503, status);
        Assert.Contains($"{Limits.MaxConnections} connections open", text, StringComparison.Ordinal);

        clock.Advance(Limits.HeaderTimeout);
        foreach (var client in idle)
        {
            Assert.True(await ClosedAsync(client, TimeSpan.FromSeconds(10)), "an idle connection outlived the head timeout");
            client.Dispose();
        }
        await TestSandbox.EventuallyAsync(() => Task.FromResult(sandbox.Server.ProxyOpenConnections == 0), "the proxy freed its slots");
        // The unit is not promoted: a 502 from the routes, not a 503 from the bound.
        Assert.Equal(502, (await EdgeAccess.ConnectAsync(proxy, "test-svc-kins.kins-system:443")).Status);
    }

    [Fact]
    public async Task An_idle_tunnel_is_closed_after_the_idle_timeout()
    {
        var clock = new ManualClock();
        await using var sandbox = await TestSandbox.StartAsync(new SandboxOptions { ReadyDelay = TimeSpan.Zero }, time: clock, proxyLimits: Limits);
        await EdgeAccess.PromoteAsync(sandbox.Kubectl, sandbox.Folder);
        var proxy = sandbox.Server.HttpProxyPort!.Value;
        using var tunnel = await OpenAsync(proxy, "CONNECT test-svc-kins.kins-system:443 HTTP/1.1\r\nHost: test-svc-kins.kins-system:443\r\n\r\n");
        var head = await ReadHeadAsync(tunnel);
        Assert.StartsWith("HTTP/1.1 200", head, StringComparison.Ordinal);

        clock.Advance(Limits.IdleTimeout - TimeSpan.FromSeconds(1));
        Assert.False(await ClosedAsync(tunnel, TimeSpan.FromMilliseconds(200)), "the tunnel closed before its idle timeout");
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await ClosedAsync(tunnel, TimeSpan.FromSeconds(10)), "the idle tunnel is still open");
    }

    private static async Task<TcpClient> OpenAsync(int port, string text)
    {
        var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        if (text.Length > 0) { await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(text)); }
        return client;
    }

    private static async Task<string> ReadHeadAsync(TcpClient client)
    {
        var text = new StringBuilder();
        var buffer = new byte[1];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!text.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await client.GetStream().ReadAsync(buffer, timeout.Token) > 0)
        {
            text.Append((char)buffer[0]);
        }
        return text.ToString();
    }

    /// <summary>True when the server closed the connection (end of stream or reset) within <paramref name="within"/>; false when it stays open.</summary>
    private static async Task<bool> ClosedAsync(TcpClient client, TimeSpan within)
    {
        using var wait = new CancellationTokenSource(within);
        var buffer = new byte[256];
        try
        {
            while (true)
            {
                if (await client.GetStream().ReadAsync(buffer, wait.Token) == 0) { return true; }
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }
}
