using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kins.Sandbox.Edge;

/// <summary>
/// Kestrel's transport for the edge host: connections are not accepted by Kestrel itself but handed over by the
/// units' own listening sockets (<see cref="EdgePort"/>). So one Kestrel server serves every unit's port, and a
/// promoted unit costs a socket rather than a web host.
/// </summary>
internal sealed class EdgeTransport : IConnectionListenerFactory, IConnectionListener
{
    /// <summary>The one endpoint the edge host "listens" on; it stands for all the units' ports.</summary>
    public static EndPoint HubEndPoint { get; } = new IPEndPoint(IPAddress.None, 0);

    private readonly Channel<Socket> _accepted = Channel.CreateUnbounded<Socket>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SocketConnectionContextFactory _contexts = new(new SocketConnectionFactoryOptions(), NullLogger.Instance);

    public EndPoint EndPoint => HubEndPoint;

    /// <summary>Hands a connection accepted on a unit's port to Kestrel.</summary>
    public void Hand(Socket socket)
    {
        if (!_accepted.Writer.TryWrite(socket))
        {
            socket.Dispose();
        }
    }

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IConnectionListener>(this);

    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var socket = await _accepted.Reader.ReadAsync(cancellationToken);
            return _contexts.Create(socket);
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        _accepted.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _accepted.Writer.TryComplete();
        while (_accepted.Reader.TryRead(out var socket)) { socket.Dispose(); }
        _contexts.Dispose();
        return ValueTask.CompletedTask;
    }
}
