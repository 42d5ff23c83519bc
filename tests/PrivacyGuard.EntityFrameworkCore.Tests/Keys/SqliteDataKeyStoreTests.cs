using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using PrivacyGuard.Keys;
using PrivacyGuard.Storage;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Keys;

/// <summary>The data key store contract on a real SQLite file in a temporary folder, deleted afterwards.</summary>
public sealed class SqliteDataKeyStoreTests : DataKeyStoreTests
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "privacyguard-sqlite-" + Guid.NewGuid().ToString("N")[..12]);

    protected override ValueTask CreateDatabaseAsync()
    {
        Directory.CreateDirectory(_folder);
        return ValueTask.CompletedTask;
    }

    protected override void Configure(PrivacyStoreOptions options)
    {
        options.Provider = PrivacyStoreProvider.Sqlite;
        options.DataDirectory = _folder;
    }

    protected override async Task<IReadOnlyCollection<string>> ListStoreTablesAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_folder, PrivacyStoreOptions.DefaultSqliteFileName)};Mode=ReadOnly");
        await connection.OpenAsync(Ct);
        await using var command = new SqliteCommand("SELECT name FROM sqlite_master WHERE type = 'table'", connection);
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task The_default_store_is_a_file_of_its_own_in_the_data_directory()
    {
        await StartInstanceAsync();

        Assert.True(File.Exists(Path.Combine(_folder, "privacyguard.db")));
    }

    [Fact]
    public async Task An_unopenable_store_file_is_reported_as_unavailable_without_the_subject_id()
    {
        var missing = Path.Combine(_folder, "no-such-folder", "store.db");
        // Not started: the restriction registry would refuse to start on an unreachable store (see the test below).
        await using var instance = StoreInstances.Build(o =>
        {
            o.ConnectionString = $"Data Source={missing};Mode=ReadWrite";
            o.ApplyMigrationsAtStartup = false;
        });
        var store = instance.GetRequiredService<IDataKeyStore>();

        var error = await Assert.ThrowsAsync<PrivacyStoreUnavailableException>(() => store.FindAsync("subject-secret-7", Ct).AsTask());
        var tombstoneError = await Assert.ThrowsAsync<PrivacyStoreUnavailableException>(() => store.WasShreddedAsync("subject-secret-7", Ct).AsTask());

        Assert.Contains("finding a data key", error.Message);
        Assert.Contains("checking whether a subject was shredded", tombstoneError.Message);
        Assert.All([error, tombstoneError], e =>
        {
            Assert.Contains("SQLite", e.Message);
            Assert.DoesNotContain("subject-secret-7", e.Message);
            Assert.DoesNotContain(missing, e.Message);
        });
    }

    [Fact]
    public async Task The_host_does_not_start_when_the_store_holding_the_restrictions_cannot_be_opened()
    {
        var missing = Path.Combine(_folder, "no-such-folder", "store.db");

        var error = await Assert.ThrowsAsync<PrivacyStoreUnavailableException>(() => Instances.StartAsync(o =>
        {
            o.ConnectionString = $"Data Source={missing};Mode=ReadWrite";
            o.ApplyMigrationsAtStartup = false;
        }));

        Assert.Contains("loading restrictions and objections", error.Message);
        Assert.DoesNotContain(missing, error.Message);
    }
}
