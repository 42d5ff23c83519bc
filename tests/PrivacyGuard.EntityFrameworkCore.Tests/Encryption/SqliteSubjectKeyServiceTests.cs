using Microsoft.Data.Sqlite;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Encryption;

/// <summary>Envelope encryption on a real SQLite store file.</summary>
public sealed class SqliteSubjectKeyServiceTests : SubjectKeyServiceTests
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "privacyguard-keys-" + Guid.NewGuid().ToString("N")[..12]);

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

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
