using System.Net;
using System.Net.Sockets;

namespace PrivacyGuard.Demo.Stack;

/// <summary>Picks a loopback port: the preferred one when it is free, else 0 (Kestrel then takes an ephemeral port).</summary>
internal static class LoopbackPorts
{
    public static int PreferredOrEphemeral(int preferred)
    {
        if (preferred == 0)
        {
            return 0;
        }

        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, preferred);
            listener.Start();
            listener.Stop();
            return preferred;
        }
        catch (SocketException)
        {
            return 0;
        }
    }
}
