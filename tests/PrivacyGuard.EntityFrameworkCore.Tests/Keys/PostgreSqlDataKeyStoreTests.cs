using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PrivacyGuard.Keys;
using PrivacyGuard.Storage;
using PrivacyGuard.Tests;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Keys;

/// <summary>
/// The data key store contract on the throwaway PostgreSQL server, in a fresh database per test, plus what only a
/// shared store does: several instances, change notification across them.
/// </summary>
public sealed class PostgreSqlDataKeyStoreTests(PostgresServer postgres) : DataKeyStoreTests
{
    private string? _connectionString;

    protected override int ConcurrentInstances => 2;

    protected override async ValueTask CreateDatabaseAsync()
    {
        postgres.EnsureAvailable();
        _connectionString = await postgres.CreateDatabaseAsync("store");
    }

    protected override void Configure(PrivacyStoreOptions options)
    {
        options.Provider = PrivacyStoreProvider.PostgreSql;
        options.ConnectionString = _connectionString;
    }

    protected override async Task<IReadOnlyCollection<string>> ListStoreTablesAsync()
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'privacyguard'", connection);
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    /// <summary>Closes this test's idle pooled connections, so a suite of fresh databases stays under max_connections.</summary>
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        ClearPool(_connectionString);
    }

    private static void ClearPool(string? connectionString)
    {
        if (connectionString is not null)
        {
            using var connection = new NpgsqlConnection(connectionString);
            NpgsqlConnection.ClearPool(connection);
        }
    }

    [Fact]
    public async Task A_deletion_on_one_instance_reaches_another_within_a_second()
    {
        var a = await StartInstanceAsync();
        var b = await StartInstanceAsync();
        var storeA = a.GetRequiredService<IDataKeyStore>();
        await storeA.GetOrAddAsync(Candidate("shredded", 11), Ct);
        var notifiedAt = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var subscription = await b.GetRequiredService<IDataKeyChangeFeed>().SubscribeAsync(id =>
        {
            if (id == "shredded")
            {
                notifiedAt.TrySetResult(Stopwatch.GetTimestamp());
            }
        }, Ct);

        var deleteStarted = Stopwatch.GetTimestamp();
        Assert.True(await storeA.DeleteAsync("shredded", Ct));
        var deleted = Stopwatch.GetTimestamp();
        var heard = await notifiedAt.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        // Zero when the notification arrived before DeleteAsync had returned to us.
        var latency = heard > deleted ? Stopwatch.GetElapsedTime(deleted, heard) : TimeSpan.Zero;
        TestContext.Current.TestOutputHelper?.WriteLine($"notified {latency.TotalMilliseconds:0.0} ms after the delete completed ({Stopwatch.GetElapsedTime(deleteStarted, heard).TotalMilliseconds:0.0} ms after it started)");
        Assert.True(latency < TimeSpan.FromSeconds(1), $"notified {latency.TotalMilliseconds} ms after the delete");
    }

    [Fact]
    public async Task The_listener_reconnects_after_its_connection_is_killed()
    {
        var a = await StartInstanceAsync();
        var b = await StartInstanceAsync();
        var storeA = a.GetRequiredService<IDataKeyStore>();
        var heard = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var signal = new SemaphoreSlim(0);
        await using var subscription = await b.GetRequiredService<IDataKeyChangeFeed>().SubscribeAsync(id =>
        {
            heard.Enqueue(id);
            signal.Release();
        }, Ct);

        await using (var admin = new NpgsqlConnection(_connectionString))
        {
            await admin.OpenAsync(Ct);
            await using var kill = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN privacyguard_data_keys%'", admin);
            // Every instance listens (its key cache subscribes at start-up), so B's listener is among those killed.
            Assert.True((long)(await kill.ExecuteScalarAsync(Ct))! >= 1);
        }

        // Changes made while the listener is down are lost by design; keep shredding until one is heard again.
        var deadline = Stopwatch.StartNew();
        var heardAgain = false;
        for (var i = 0; !heardAgain && deadline.Elapsed < TimeSpan.FromSeconds(10); i++)
        {
            await storeA.GetOrAddAsync(Candidate($"after-drop-{i}", (uint)i + 1), Ct);
            await storeA.DeleteAsync($"after-drop-{i}", Ct);
            heardAgain = await signal.WaitAsync(TimeSpan.FromMilliseconds(250), Ct);
        }

        Assert.True(heardAgain, "the listener did not come back within 10 s");
        Assert.All(heard, id => Assert.StartsWith("after-drop-", id));
    }

    [Fact]
    public async Task The_store_can_live_in_a_configured_schema()
    {
        var instance = await Instances.StartAsync(o =>
        {
            Configure(o);
            o.Schema = "tenant_keys";
        });
        var store = instance.GetRequiredService<IDataKeyStore>();
        await store.GetOrAddAsync(Candidate("schema-subject", 3), Ct);
        await store.DeleteAsync("schema-erased", Ct);

        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM tenant_keys.subject_keys", connection);
        Assert.Equal(1L, await command.ExecuteScalarAsync(Ct));
        await using var tombstones = new NpgsqlCommand("SELECT count(*) FROM tenant_keys.shredded_subjects", connection);
        Assert.Equal(1L, await tombstones.ExecuteScalarAsync(Ct));
        await using var history = new NpgsqlCommand("SELECT count(*) FROM tenant_keys.\"__EFMigrationsHistory\"", connection);
        Assert.Equal(3L, await history.ExecuteScalarAsync(Ct));
        await using var accessLog = new NpgsqlCommand("SELECT count(*) FROM tenant_keys.access_events JOIN tenant_keys.access_log_heads USING (chain)", connection);
        Assert.Equal(0L, await accessLog.ExecuteScalarAsync(Ct));
        Assert.Empty(await ListStoreTablesAsync());
    }

    [Fact]
    public async Task An_unreachable_store_fails_closed_without_leaking_the_connection_string_or_subject()
    {
        var port = ClosedPort();
        var connectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Password=hunter2-secret;Database=privacy;Timeout=5";
        void Unreachable(PrivacyStoreOptions o)
        {
            o.Provider = PrivacyStoreProvider.PostgreSql;
            o.ConnectionString = connectionString;
            o.ApplyMigrationsAtStartup = false;
        }

        // An instance that cannot listen for shreds made elsewhere refuses to start rather than serve stale keys.
        var startup = await Assert.ThrowsAsync<PrivacyStoreUnavailableException>(() => Instances.StartAsync(Unreachable));
        await using var instance = StoreInstances.Build(Unreachable);
        var store = instance.GetRequiredService<IDataKeyStore>();

        var errors = new List<PrivacyStoreUnavailableException>
        {
            await Assert.ThrowsAsync<PrivacyStoreUnavailableException>(() => store.FindAsync("subject-secret-9", Ct).AsTask()),
            await Assert.ThrowsAsync<PrivacyStoreUnavailableException>(() => store.GetOrAddAsync(Candidate("subject-secret-9", 1), Ct).AsTask()),
            await Assert.ThrowsAsync<PrivacyStoreUnavailableException>(() => store.DeleteAsync("subject-secret-9", Ct).AsTask()),
            await Assert.ThrowsAsync<PrivacyStoreUnavailableException>(() => store.WasShreddedAsync("subject-secret-9", Ct).AsTask()),
            await Assert.ThrowsAsync<PrivacyStoreUnavailableException>(() => instance.GetRequiredService<IDataKeyChangeFeed>().SubscribeAsync(_ => { }, Ct).AsTask()),
            await Assert.ThrowsAsync<PrivacyStoreUnavailableException>(() => instance.GetRequiredService<PrivacyStoreMigrator>().MigrateAsync(Ct)),
            startup,
        };

        Assert.All(errors, error =>
        {
            Assert.Contains("PostgreSQL", error.Message);
            Assert.DoesNotContain("subject-secret-9", error.Message);
            Assert.DoesNotContain("hunter2", error.Message);
            Assert.DoesNotContain(connectionString, error.Message);
            Assert.DoesNotContain("Password", error.Message, StringComparison.OrdinalIgnoreCase);
        });
        Assert.Contains("finding a data key", errors[0].Message);
        Assert.Contains("checking whether a subject was shredded", errors[3].Message);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
