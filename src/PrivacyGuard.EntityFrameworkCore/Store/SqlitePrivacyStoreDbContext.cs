using Microsoft.EntityFrameworkCore;

namespace PrivacyGuard.EntityFrameworkCore;

/// <summary>The privacy store on SQLite: its own database file, single instance. Migrations in <c>Migrations/Sqlite</c>.</summary>
internal sealed class SqlitePrivacyStoreDbContext : PrivacyStoreDbContext
{
    public SqlitePrivacyStoreDbContext(DbContextOptions<SqlitePrivacyStoreDbContext> options)
        : base(options)
    {
    }

    public override string StoreName => "SQLite";

    public override string? Schema => null;
}
