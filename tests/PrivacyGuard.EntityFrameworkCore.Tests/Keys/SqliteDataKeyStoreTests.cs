using System.Security.Cryptography;
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
    public async Task A_deleted_key_leaves_no_copy_of_its_wrapped_bytes_in_the_store_files()
    {
        var store = (await StartInstanceAsync()).GetRequiredService<IDataKeyStore>();
        var wrapped = RandomNumberGenerator.GetBytes(72);
        var keys = Enumerable.Range(0, 40).Select(i => Candidate("neighbour-" + i, (uint)(100 + i))).ToList();
        keys.Insert(20, new WrappedDataKey { SubjectId = "shredded", DataKeyId = 99, KekId = "ka", WrappedKey = wrapped, CreatedAt = DateTimeOffset.UtcNow });
        await store.GetOrAddManyAsync(keys, Ct);
        // The wrapped bytes now sit in a page of the database or of its write-ahead log, and a rewrap leaves older copies.
        Assert.True(StoreFilesHold(wrapped), "the test's premise: the stored key is in the files");

        Assert.True(await store.DeleteAsync("shredded", Ct));

        // Free pages, freed cells and old log frames would otherwise keep the wrapped key for anyone holding the file and
        // the root key, undoing the erasure.
        Assert.False(StoreFilesHold(wrapped), "a copy of the deleted wrapped key is still in the store's files");
        Assert.Null(await store.FindAsync("shredded", Ct));
        Assert.NotNull(await store.FindAsync("neighbour-0", Ct));
    }

    private bool StoreFilesHold(byte[] bytes) =>
        Directory.EnumerateFiles(_folder, PrivacyStoreOptions.DefaultSqliteFileName + "*")
            .Any(file => ReadShared(file).AsSpan().IndexOf(bytes) >= 0);

    private static byte[] ReadShared(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var content = new byte[stream.Length];
        stream.ReadExactly(content);
        return content;
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
