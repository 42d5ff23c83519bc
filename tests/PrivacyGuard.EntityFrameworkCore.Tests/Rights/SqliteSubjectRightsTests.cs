using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Rights;

/// <summary>Each application context in its own SQLite file, the privacy store in its own folder.</summary>
public sealed class SqliteSubjectRightsTests : SubjectRightsTests
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "privacyguard-rights-" + Guid.NewGuid().ToString("N")[..12]);

    private string Accounts => $"Data Source={Path.Combine(_folder, "accounts.db")}";

    private string Tickets => $"Data Source={Path.Combine(_folder, "tickets.db")}";

    protected override ValueTask CreateDatabasesAsync()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "store"));
        return ValueTask.CompletedTask;
    }

    protected override void ConfigureStore(PrivacyStoreOptions options)
    {
        options.Provider = PrivacyStoreProvider.Sqlite;
        options.DataDirectory = Path.Combine(_folder, "store");
    }

    protected override void UseAccountsDatabase(DbContextOptionsBuilder options) => options.UseSqlite(Accounts);

    protected override void UseTicketsDatabase(DbContextOptionsBuilder options) => options.UseSqlite(Tickets);

    protected override DbConnection CreateRawConnection(bool tickets) => new SqliteConnection(tickets ? Tickets : Accounts);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
