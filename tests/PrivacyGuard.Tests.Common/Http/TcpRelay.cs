using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace PrivacyGuard.Tests;

/// <summary>
/// A loopback TCP relay in front of a server (the test PostgreSQL server): connections to <see cref="Port"/> are piped
/// to the target until <see cref="Cut"/> resets every open connection and stops listening, so the server becomes
/// unreachable from one moment to the next (new connections are refused) while it keeps running for other tests.
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _cut = new();
    private readonly ConcurrentBag<Socket> _sockets = [];
    private readonly Task _accepting;

    private TcpRelay(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    /// <summary>The relay's port on 127.0.0.1.</summary>
    public int Port { get; }

    public static TcpRelay Start(string targetHost, int targetPort) => new(targetHost, targetPort);

    /// <summary>Stops listening and resets every relayed connection in both directions.</summary>
    public void Cut()
    {
        if (_cut.IsCancellationRequested)
        {
            return;
        }

        _cut.Cancel();
        _listener.Stop();
        foreach (var socket in _sockets)
        {
            try
            {
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
            }
            catch (ObjectDisposedException)
            {
                // Already closed by its other side.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Cut();
        await _accepting;
        _cut.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_cut.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_cut.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(Socket client)
    {
        var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _sockets.Add(client);
        _sockets.Add(server);
        try
        {
            await server.ConnectAsync(_targetHost, _targetPort, _cut.Token);
            await Task.WhenAll(PipeAsync(client, server), PipeAsync(server, client));
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Cut, or one side went away.
        }
        finally
        {
            client.Dispose();
            server.Dispose();
        }
    }

    private async Task PipeAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, SocketFlags.None, _cut.Token)) > 0)
            {
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _cut.Token);
            }

            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Cut, or one side went away.
        }
    }
}
