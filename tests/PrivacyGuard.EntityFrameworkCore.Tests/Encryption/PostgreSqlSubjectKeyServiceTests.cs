using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PrivacyGuard.Encryption;
using PrivacyGuard.Tests;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Encryption;

/// <summary>Envelope encryption on the throwaway PostgreSQL server, plus what only a shared store does.</summary>
public sealed class PostgreSqlSubjectKeyServiceTests(PostgresServer postgres) : SubjectKeyServiceTests
{
    private string? _connectionString;

    protected override async ValueTask CreateDatabaseAsync()
    {
        postgres.EnsureAvailable();
        _connectionString = await postgres.CreateDatabaseAsync("keys");
    }

    protected override void Configure(PrivacyStoreOptions options)
    {
        options.Provider = PrivacyStoreProvider.PostgreSql;
        options.ConnectionString = _connectionString;
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
    public async Task A_shred_on_one_instance_evicts_the_key_cached_by_another_within_a_second()
    {
        var a = await StartAsync();
        var b = await StartAsync();
        var ciphertext = await EncryptAsync(a, "shared", "Jane Doe");
        Assert.Equal("Jane Doe", await DecryptAsync(b, "shared", ciphertext));
        var keysB = b.GetRequiredService<SubjectKeyService>();
        Assert.True(keysB.TryGetCached("shared", out var cached));
        cached.Dispose();

        await a.GetRequiredService<SubjectKeyService>().ShredAsync("shared", Ct);
        var shredded = Stopwatch.StartNew();
        while (keysB.TryGetCached("shared", out var lease) && shredded.Elapsed < TimeSpan.FromSeconds(10))
        {
            lease.Dispose();
            await Task.Yield();
        }

        Assert.True(shredded.Elapsed < TimeSpan.FromSeconds(1), $"instance B still held the key {shredded.Elapsed.TotalMilliseconds:0} ms after the shred");
        Assert.Null(await DecryptAsync(b, "shared", ciphertext));
    }
}
