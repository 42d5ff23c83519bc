using System.ComponentModel.DataAnnotations.Schema;
using Microsoft.EntityFrameworkCore;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Query;

/// <summary>
/// A subscriber whose searchable and pseudonymized values sit at every depth WherePersonal reaches: on the entity, in a
/// complex property and a complex property inside it, in two owned references of one CLR type (each with its own
/// blind-index key), in a complex property of an owned type, in an owned type inside an owned type, in an owned
/// collection and in an owned collection inside an owned type. Encrypted values that are not searchable, a plain column and a navigation to another entity are there
/// to be refused.
/// </summary>
public sealed class Subscriber
{
    public int Id { get; set; }

    [DataSubjectId]
    public string UserId { get; set; } = "";

    public string Plan { get; set; } = "basic";

    [PersonalData(PersonalDataCategory.Email, Treatment = Treatment.Encrypt, Searchable = true)]
    public string? Email { get; set; }

    /// <summary>ComplexProperty.</summary>
    public SubscriberProfile Profile { get; set; } = new();

    /// <summary>OwnsOne.</summary>
    public Residence? Home { get; set; }

    /// <summary>OwnsOne of the same CLR type as <see cref="Home"/>.</summary>
    public Residence? Work { get; set; }

    /// <summary>OwnsMany.</summary>
    public List<SubscriberContact> Contacts { get; set; } = [];

    /// <summary>A navigation to an entity of its own (not owned).</summary>
    public Referrer? ReferredBy { get; set; }
}

public sealed class SubscriberProfile
{
    [PersonalData(PersonalDataCategory.Email, Treatment = Treatment.Encrypt, Searchable = true)]
    public string? Email { get; set; }

    [PersonalData(PersonalDataCategory.UserName)]
    public string? Handle { get; set; }

    [PersonalData(PersonalDataCategory.Name)]
    public string? DisplayName { get; set; }

    public string Language { get; set; } = "en";

    /// <summary>A complex property inside a complex property.</summary>
    public PostBox Box { get; set; } = new();
}

public sealed class PostBox
{
    [PersonalData(PersonalDataCategory.Other, Treatment = Treatment.Encrypt, Searchable = true)]
    public string? Number { get; set; }

    public string Country { get; set; } = "GB";
}

public sealed class Residence
{
    [PersonalData(PersonalDataCategory.Email, Treatment = Treatment.Encrypt, Searchable = true)]
    public string? Email { get; set; }

    [PersonalData(PersonalDataCategory.UserName)]
    public string? Alias { get; set; }

    [PersonalData(PersonalDataCategory.Other)]
    public string? Street { get; set; }

    public string City { get; set; } = "";

    /// <summary>A complex property inside an owned type.</summary>
    public DoorCode Door { get; set; } = new();

    /// <summary>An owned type inside an owned type.</summary>
    public EmergencyContact? Emergency { get; set; }

    /// <summary>An owned collection inside an owned type.</summary>
    public List<Keyholder> Keyholders { get; set; } = [];
}

public sealed class Keyholder
{
    public int Id { get; set; }

    [PersonalData(PersonalDataCategory.Email, Treatment = Treatment.Encrypt, Searchable = true)]
    public string? Email { get; set; }
}

/// <summary>A complex type inside an owned type (owned-type builders have no ComplexProperty: the attribute maps it).</summary>
[ComplexType]
public sealed class DoorCode
{
    [PersonalData(PersonalDataCategory.Other, Treatment = Treatment.Encrypt, Searchable = true)]
    public string? Code { get; set; }
}

public sealed class EmergencyContact
{
    [PersonalData(PersonalDataCategory.Email, Treatment = Treatment.Encrypt, Searchable = true)]
    public string? Email { get; set; }

    [PersonalData(PersonalDataCategory.Name)]
    public string? Name { get; set; }
}

public sealed class SubscriberContact
{
    public int Id { get; set; }

    [PersonalData(PersonalDataCategory.Email, Treatment = Treatment.Encrypt, Searchable = true)]
    public string? Email { get; set; }

    [PersonalData(PersonalDataCategory.UserName)]
    public string? Handle { get; set; }

    [PersonalData(PersonalDataCategory.Name)]
    public string? Name { get; set; }

    public string Kind { get; set; } = "friend";
}

public sealed class Referrer
{
    public int Id { get; set; }

    public string Code { get; set; } = "";
}

/// <summary>The application's context: attributes for the classification, fluent mapping for the shapes.</summary>
public sealed class SubscribersDbContext(DbContextOptions<SubscribersDbContext> options) : DbContext(options)
{
    public DbSet<Subscriber> Subscribers => Set<Subscriber>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<Subscriber>(subscriber =>
        {
            subscriber.ComplexProperty(s => s.Profile, profile => profile.ComplexProperty(p => p.Box));
            subscriber.OwnsOne(s => s.Home, home =>
            {
                home.OwnsOne(h => h.Emergency);
                home.OwnsMany(h => h.Keyholders, keyholders => keyholders.ToTable("HomeKeyholders").HasKey(k => k.Id));
            });
            subscriber.OwnsOne(s => s.Work, work =>
            {
                work.OwnsOne(w => w.Emergency);
                work.OwnsMany(w => w.Keyholders, keyholders => keyholders.ToTable("WorkKeyholders").HasKey(k => k.Id));
            });
            subscriber.OwnsMany(s => s.Contacts, contacts => contacts.HasKey(c => c.Id));
        });
}
