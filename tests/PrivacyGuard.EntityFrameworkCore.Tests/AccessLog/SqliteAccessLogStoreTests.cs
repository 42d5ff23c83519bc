using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace PrivacyGuard.EntityFrameworkCore.Tests.AccessLog;

/// <summary>The privacy store in its own SQLite file.</summary>
public sealed class SqliteAccessLogStoreTests : AccessLogStoreTests
{
    private readonly TestDatabases _databases = new SqliteTestDatabases();

    protected override ValueTask CreateDatabasesAsync() => _databases.CreateAsync();

    protected override void ConfigureStore(PrivacyStoreOptions options)
    {
        _databases.ConfigureStore(options);
        // A write that waits for a lock gives up within seconds, not the default 30.
        options.CommandTimeout = TimeSpan.FromSeconds(5);
    }

    /// <summary>EF Core creates SQLite files in write-ahead-logging mode; the access log relies on it.</summary>
    [Fact]
    public async Task The_store_file_is_in_write_ahead_logging_mode_so_an_open_reader_does_not_hold_up_the_access_log()
    {
        var file = Path.Combine(Services.GetRequiredService<IOptions<PrivacyStoreOptions>>().Value.DataDirectory!, PrivacyStoreOptions.DefaultSqliteFileName);
        await Log.RecordAsync(Event(0), Ct);
        await using var reader = new SqliteConnection($"Data Source={file};Pooling=false");
        await reader.OpenAsync(Ct);
        Assert.Equal("wal", await ScalarAsync<string>(reader, null, "PRAGMA journal_mode"));

        // A long read (an export, an access-log query) holds its snapshot: under the rollback journal its lock would
        // make every write wait for it and then be refused.
        await using var read = reader.BeginTransaction(deferred: true);
        Assert.Equal(1L, await ScalarAsync<long>(reader, read, "SELECT COUNT(*) FROM access_events"));
        await Log.RecordAsync([.. Enumerable.Range(1, 20).Select(Event)], Ct);
        Assert.Equal(1L, await ScalarAsync<long>(reader, read, "SELECT COUNT(*) FROM access_events"));
        read.Commit();

        Assert.Equal(21L, await ScalarAsync<long>(reader, null, "SELECT COUNT(*) FROM access_events"));
        Assert.True((await Reader.VerifyAsync(Ct)).IsValid);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _databases.DisposeAsync();
    }

    private static async Task<T> ScalarAsync<T>(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return (T)(await command.ExecuteScalarAsync(Ct))!;
    }
}
