using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PrivacyGuard.Tests;

/// <summary>Loopback ports for tests: bound for a moment to get one the system has free, then released.</summary>
public static class LoopbackPorts
{
    /// <summary>A loopback port nothing listens on (for a server about to bind it, or an upstream that refuses).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary><see cref="Free"/> as an <c>http://127.0.0.1:port/</c> address.</summary>
    public static Uri FreeHttpAddress() => new($"http://127.0.0.1:{Free().ToString(CultureInfo.InvariantCulture)}/");
}
