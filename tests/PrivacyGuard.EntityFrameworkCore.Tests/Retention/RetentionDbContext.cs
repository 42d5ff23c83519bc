using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Retention;

/// <summary>Kept 30 days, then deleted (policy Delete).</summary>
[RetainFor("P30D", nameof(CreatedAt))]
[OnErasure(ErasureAction.Delete)]
public sealed class AuditEntry
{
    public int Id { get; set; }

    [DataSubjectId]
    public Guid SubjectId { get; set; }

    [PersonalData(PersonalDataCategory.Email)]
    public string? Email { get; set; }

    public DateTime CreatedAt { get; set; }
}

/// <summary>Kept a year, then anonymized (the default for a row that is not the subject itself).</summary>
[RetainFor("P365D", nameof(PlacedAt))]
public sealed class Purchase
{
    public int Id { get; set; }

    [DataSubjectId]
    public Guid CustomerId { get; set; }

    [PersonalData(PersonalDataCategory.Name, Searchable = true)]
    public string? CustomerName { get; set; }

    [PersonalData(PersonalDataCategory.FreeText)]
    public string? Note { get; set; }

    public string Sku { get; set; } = "";

    public DateTimeOffset PlacedAt { get; set; }
}

/// <summary>Retention configured fluently (7 days); no subject id, so expired rows are deleted.</summary>
public sealed class LoginAttempt
{
    public int Id { get; set; }

    public string Outcome { get; set; } = "";

    public DateTime At { get; set; }

    /// <summary>Dependents through an optional relationship (EF Core's default <c>ClientSetNull</c>): kept when the attempt goes.</summary>
    public List<LoginNote> Notes { get; set; } = [];
}

/// <summary>A note on a login attempt, without personal data or retention of its own.</summary>
public sealed class LoginNote
{
    public int Id { get; set; }

    public int? LoginAttemptId { get; set; }

    public string Text { get; set; } = "";
}

/// <summary>The application context of the retention tests.</summary>
public sealed class RetentionDbContext(DbContextOptions<RetentionDbContext> options) : DbContext(options)
{
    public DbSet<AuditEntry> Audit => Set<AuditEntry>();

    public DbSet<Purchase> Purchases => Set<Purchase>();

    public DbSet<LoginAttempt> Logins => Set<LoginAttempt>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<LoginAttempt>().RetainFor(TimeSpan.FromDays(7), e => e.At);
        if (Database.IsSqlite())
        {
            // SQLite cannot compare DateTimeOffset text; stored as binary ticks it can.
            modelBuilder.Entity<Purchase>().Property(p => p.PlacedAt).HasConversion(new DateTimeOffsetToBinaryConverter());
        }
    }
}
