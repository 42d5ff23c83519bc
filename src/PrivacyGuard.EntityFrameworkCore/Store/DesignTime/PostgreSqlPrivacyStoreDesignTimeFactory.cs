using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace PrivacyGuard.EntityFrameworkCore;

/// <summary>
/// Lets <c>dotnet ef</c> build <see cref="PostgreSqlPrivacyStoreDbContext"/> without a host, in the default schema
/// (scaffolding only; it never connects).
/// </summary>
internal sealed class PostgreSqlPrivacyStoreDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlPrivacyStoreDbContext>
{
    public PostgreSqlPrivacyStoreDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<PostgreSqlPrivacyStoreDbContext>();
        PrivacyStoreDbContextOptions.ForPostgreSql(builder, "Host=localhost;Database=privacyguard_design", PrivacyStoreOptions.DefaultSchema, TimeSpan.FromSeconds(30));
        return new PostgreSqlPrivacyStoreDbContext(builder.Options);
    }
}
