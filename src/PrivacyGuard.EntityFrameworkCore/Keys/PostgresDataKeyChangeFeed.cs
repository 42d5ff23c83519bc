using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using PrivacyGuard.Keys;

namespace PrivacyGuard.EntityFrameworkCore;

/// <summary>
/// The change feed of the PostgreSQL store: one dedicated connection runs <c>LISTEN privacyguard_data_keys</c> and
/// waits for notifications, which every instance's <see cref="EfDataKeyStore"/> sends (<c>pg_notify</c>) in the
/// transaction that deletes or re-wraps a key, so they arrive once it commits. When the connection drops it is
/// re-opened with exponential backoff (0.1 s doubling to 5 s).
/// </summary>
/// <remarks>
/// The listener starts with the first subscription, which returns once <c>LISTEN</c> is active, or throws
/// <see cref="Storage.PrivacyStoreUnavailableException"/> when the store cannot be reached. Notifications sent while
/// the connection is down are lost (PostgreSQL does not queue them for absent listeners); the reconnection is logged and
/// reported to the optional <c>onReconnected</c> callback, with which the restriction registry (which uses a listener of
/// its own on <c>privacyguard_restrictions</c>) reloads what it may have missed.
/// </remarks>
internal sealed partial class PostgresDataKeyChangeFeed : IDataKeyChangeFeed, IAsyncDisposable, IDisposable
{
    private static readonly TimeSpan InitialBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    private readonly string _channel;
    private readonly Action? _onReconnected;
    private readonly string _connectionString;
    private readonly TimeSpan _connectTimeout;
    private readonly ILogger _logger;
    private readonly DataKeyChangeSubscribers _subscribers;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _startGate = new(1, 1);
    private TaskCompletionSource _listening = NewSignal();
    private Task? _loop;

    public PostgresDataKeyChangeFeed(IOptions<PrivacyStoreOptions> options, ILogger<PostgresDataKeyChangeFeed> logger)
        : this(options, logger, StoreTables.DataKeyChannel, onReconnected: null)
    {
    }

    /// <summary>
    /// A listener on <paramref name="channel"/> (the restriction registry uses one of its own); <paramref name="onReconnected"/>
    /// runs after the connection came back, so a subscriber can catch up with the changes it missed.
    /// </summary>
    internal PostgresDataKeyChangeFeed(IOptions<PrivacyStoreOptions> options, ILogger logger, string channel, Action? onReconnected)
    {
        _channel = channel;
        _onReconnected = onReconnected;
        var value = options.Value;
        var builder = new NpgsqlConnectionStringBuilder(value.ConnectionString)
        {
            // A dedicated connection, kept out of the pool (returning it would UNLISTEN), with keepalives so a dead
            // peer is noticed while waiting.
            Pooling = false,
        };
        if (builder.KeepAlive == 0)
        {
            builder.KeepAlive = 15;
        }

        _connectionString = builder.ConnectionString;
        _connectTimeout = value.CommandTimeout;
        _logger = logger;
        _subscribers = new DataKeyChangeSubscribers(logger);
    }

    public async ValueTask<IAsyncDisposable> SubscribeAsync(Action<string> onChanged, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
        var subscription = _subscribers.Add(onChanged);
        try
        {
            await EnsureListeningAsync(cancellationToken).ConfigureAwait(false);
            return subscription;
        }
        catch
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task EnsureListeningAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _loop) is null)
        {
            await _startGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (_loop is null)
                {
                    var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
                    Volatile.Write(ref _loop, Task.Run(() => RunAsync(connection, _stopping.Token), CancellationToken.None));
                }
            }
            finally
            {
                _startGate.Release();
            }
        }

        try
        {
            await Volatile.Read(ref _listening).Task.WaitAsync(_connectTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw StoreFailures.Unavailable("PostgreSQL", "listening on " + _channel, e);
        }
    }

    /// <summary>Opens the dedicated connection and runs <c>LISTEN</c>; afterwards notifications are dispatched.</summary>
    private async Task<NpgsqlConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            connection.Notification += OnNotification;
            var command = new NpgsqlCommand("LISTEN " + _channel, connection);
            await using (command.ConfigureAwait(false))
            {
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            Volatile.Read(ref _listening).TrySetResult();
            return connection;
        }
        catch (Exception e)
        {
            connection.Notification -= OnNotification;
            await connection.DisposeAsync().ConfigureAwait(false);
            if (StoreFailures.IsUnavailable(e))
            {
                throw StoreFailures.Unavailable("PostgreSQL", "listening on " + _channel, e);
            }

            throw;
        }
    }

    private async Task RunAsync(NpgsqlConnection? connection, CancellationToken stopping)
    {
        var backoff = InitialBackoff;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                connection ??= await ConnectAsync(stopping).ConfigureAwait(false);
                if (backoff != InitialBackoff)
                {
                    LogListening(_logger, _channel);
                    backoff = InitialBackoff;
                    _onReconnected?.Invoke();
                }

                while (true)
                {
                    await connection.WaitAsync(stopping).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // Whatever broke the connection, the listener must come back rather than die silently.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogConnectionLost(_logger, _channel, backoff.TotalMilliseconds, e);
                if (Volatile.Read(ref _listening).Task.IsCompleted)
                {
                    Volatile.Write(ref _listening, NewSignal());
                }

                if (connection is not null)
                {
                    connection.Notification -= OnNotification;
                    await connection.DisposeAsync().ConfigureAwait(false);
                    connection = null;
                }

                try
                {
                    await Task.Delay(backoff, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }

        if (connection is not null)
        {
            connection.Notification -= OnNotification;
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        if (string.Equals(e.Channel, _channel, StringComparison.Ordinal))
        {
            _subscribers.Publish(e.Payload);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        if (Volatile.Read(ref _loop) is { } loop)
        {
            await loop.ConfigureAwait(false);
        }

        _stopping.Dispose();
        _startGate.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "The privacy store's change listener on {Channel} lost its connection; reconnecting in {DelayMs} ms. Changes made meanwhile are not announced.")]
    private static partial void LogConnectionLost(ILogger logger, string channel, double delayMs, Exception exception);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "The privacy store's change listener on {Channel} is listening again.")]
    private static partial void LogListening(ILogger logger, string channel);
}
