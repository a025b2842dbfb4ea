using System.Net.Sockets;

namespace Kins.Core.Tests.TestSupport;

/// <summary>The accept loop of the tests' small loopback servers: each connection is served on its own task until stopped.</summary>
internal static class LoopbackAcceptLoop
{
    public static async Task RunAsync(TcpListener listener, Func<TcpClient, Task> serve, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop);
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                return;
            }
            _ = Task.Run(() => serve(client), CancellationToken.None);
        }
    }
}
