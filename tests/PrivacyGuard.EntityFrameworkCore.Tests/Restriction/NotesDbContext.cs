using Microsoft.EntityFrameworkCore;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Restriction;

/// <summary>An entity with a plain subject id and no personal data, soft-deleted through an anonymous filter.</summary>
public sealed class Note
{
    public int Id { get; set; }

    [DataSubjectId]
    public string SubjectId { get; set; } = "";

    public bool Deleted { get; set; }
}

/// <summary>An application context with its own anonymous query filter, which PrivacyGuard's filter must not break.</summary>
public sealed class NotesDbContext(DbContextOptions<NotesDbContext> options) : DbContext(options)
{
    public DbSet<Note> Notes => Set<Note>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<Note>().HasQueryFilter(n => !n.Deleted);
}

/// <summary>An entity whose subject id has a type the restriction filter cannot compare.</summary>
public sealed class Invoice
{
    public int Id { get; set; }

    [DataSubjectId]
    public decimal CustomerNumber { get; set; }
}

/// <summary>A context whose model PrivacyGuard must refuse.</summary>
public sealed class InvoicesDbContext(DbContextOptions<InvoicesDbContext> options) : DbContext(options)
{
    public DbSet<Invoice> Invoices => Set<Invoice>();
}
