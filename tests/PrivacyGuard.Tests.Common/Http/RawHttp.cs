using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Xunit;

namespace PrivacyGuard.Tests;

/// <summary>What the server sent back on one raw connection: every byte, and the status line of each response.</summary>
public sealed record RawResponse(byte[] Bytes)
{
    /// <summary>The bytes as Latin-1 text (one character per byte), for searching.</summary>
    public string Text => Encoding.Latin1.GetString(Bytes);

    /// <summary>The status code of every response on the connection, in order.</summary>
    public IReadOnlyList<int> Statuses =>
        [.. Text.Split("\r\n").Where(line => line.StartsWith("HTTP/1.1 ", StringComparison.Ordinal)).Select(line => int.Parse(line.AsSpan(9, 3), CultureInfo.InvariantCulture))];

    /// <summary>The status code of the first response.</summary>
    public int Status => Statuses.Count > 0 ? Statuses[0] : throw new InvalidOperationException("No response was received:\n" + Text);
}

/// <summary>
/// HTTP/1.1 over a plain <see cref="TcpClient"/>: sends bytes exactly as given (which <see cref="HttpClient"/> would
/// refuse to send) and reads until the server closes the connection.
/// </summary>
public static class RawHttp
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Sends <paramref name="request"/> (Latin-1) on a new connection to <paramref name="address"/> and returns everything read back.</summary>
    public static Task<RawResponse> SendAsync(Uri address, string request) => SendAsync(address, Encoding.Latin1.GetBytes(request));

    /// <summary>Sends <paramref name="request"/> on a new connection to <paramref name="address"/> and returns everything read back.</summary>
    public static async Task<RawResponse> SendAsync(Uri address, byte[] request)
    {
        ArgumentNullException.ThrowIfNull(address);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(ReadTimeout);
        using var client = new TcpClient();
        await client.ConnectAsync(address.Host, address.Port, timeout.Token);
        var stream = client.GetStream();

        // Read while writing: the server may answer (and close) before it has read everything.
        var reading = ReadToEndAsync(stream, timeout.Token);
        try
        {
            await stream.WriteAsync(request, timeout.Token);
        }
        catch (IOException)
        {
            // The server closed the connection before taking every byte; its answer is what matters.
        }

        return new RawResponse(await reading);
    }

    /// <summary>A request line and headers for <paramref name="target"/>, ending with the blank line; <c>Connection: close</c> unless headers say otherwise.</summary>
    public static string Head(string method, string target, params string[] headers)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        foreach (var header in headers)
        {
            text.Append(header).Append("\r\n");
        }

        if (!headers.Any(h => h.StartsWith("Connection:", StringComparison.OrdinalIgnoreCase)))
        {
            text.Append("Connection: close\r\n");
        }

        return text.Append("\r\n").ToString();
    }

    private static async Task<byte[]> ReadToEndAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        using var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            // Reset by the server after its answer: keep what arrived.
        }

        return received.ToArray();
    }
}
