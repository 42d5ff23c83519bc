using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace PrivacyGuard.EntityFrameworkCore;

/// <summary>Lets <c>dotnet ef</c> build <see cref="SqlitePrivacyStoreDbContext"/> without a host (scaffolding only; it never connects).</summary>
internal sealed class SqlitePrivacyStoreDesignTimeFactory : IDesignTimeDbContextFactory<SqlitePrivacyStoreDbContext>
{
    public SqlitePrivacyStoreDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<SqlitePrivacyStoreDbContext>();
        PrivacyStoreDbContextOptions.ForSqlite(builder, "Data Source=privacyguard-design.db", TimeSpan.FromSeconds(30));
        return new SqlitePrivacyStoreDbContext(builder.Options);
    }
}
