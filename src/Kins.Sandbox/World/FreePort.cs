using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Kins.Sandbox.World;

/// <summary>Finds a port in a range that nothing on 127.0.0.1 listens on (for tunnel-cloud's http-proxy node port).</summary>
internal static class FreePort
{
    public static int InRange(int from, int to)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = RandomNumberGenerator.GetInt32(from, to + 1);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                listener.Stop();
                return port;
            }
            catch (SocketException)
            {
                // In use: try another.
            }
        }
        throw new InvalidOperationException($"No free port on 127.0.0.1 in {from}-{to}.");
    }
}
