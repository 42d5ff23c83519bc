using Microsoft.EntityFrameworkCore;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Rights;

/// <summary>A row about a subject that is not the subject itself: anonymized on erasure by default.</summary>
public sealed class SupportTicket
{
    public int Id { get; set; }

    [DataSubjectId]
    public Guid CustomerId { get; set; }

    [PersonalData(PersonalDataCategory.Name, Searchable = true)]
    public string? ContactName { get; set; }

    [PersonalData(PersonalDataCategory.Email)]
    public string? ContactEmail { get; set; }

    [PersonalData(PersonalDataCategory.FreeText)]
    public string Body { get; set; } = "";

    public string Topic { get; set; } = "";
}

/// <summary>A row about a subject whose policy says delete, though its key is not the subject id.</summary>
[OnErasure(ErasureAction.Delete)]
public sealed class Newsletter
{
    public int Id { get; set; }

    [DataSubjectId]
    public string SubscriberId { get; set; } = "";

    [PersonalData(PersonalDataCategory.Email)]
    public string? Address { get; set; }
}

/// <summary>A second application context, in its own database, that the rights service must cover too.</summary>
public sealed class TicketsDbContext(DbContextOptions<TicketsDbContext> options) : DbContext(options)
{
    public DbSet<SupportTicket> Tickets => Set<SupportTicket>();

    public DbSet<Newsletter> Newsletters => Set<Newsletter>();
}
