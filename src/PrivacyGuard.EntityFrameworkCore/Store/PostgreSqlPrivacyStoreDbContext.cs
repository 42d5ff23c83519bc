using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace PrivacyGuard.EntityFrameworkCore;

/// <summary>
/// The privacy store on PostgreSQL, in its own schema (<c>privacyguard</c> by default), shared by every instance.
/// Migrations in <c>Migrations/PostgreSql</c>.
/// </summary>
/// <remarks>
/// The schema travels in the context options as the schema of the migrations history table
/// (<see cref="PrivacyStoreDbContextOptions.ForPostgreSql"/> always sets both), so that the context keeps the single
/// options constructor a pooled factory needs.
/// </remarks>
internal sealed class PostgreSqlPrivacyStoreDbContext : PrivacyStoreDbContext
{
    public PostgreSqlPrivacyStoreDbContext(DbContextOptions<PostgreSqlPrivacyStoreDbContext> options)
        : base(options)
    {
        Schema = RelationalOptionsExtension.Extract(options).MigrationsHistoryTableSchema ?? PrivacyStoreOptions.DefaultSchema;
    }

    public override string StoreName => "PostgreSQL";

    public override string Schema { get; }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);

        // Ordinal ordering of subject ids whatever the database's default collation, so key-set pages are stable.
        modelBuilder.Entity<SubjectKeyRecord>().Property(k => k.SubjectId).UseCollation("C");

        // Tombstones are keyed exactly like the keys they outlive, so both tables compare subject ids alike.
        modelBuilder.Entity<ShreddedSubjectRecord>().Property(t => t.SubjectId).UseCollation("C");
    }
}
