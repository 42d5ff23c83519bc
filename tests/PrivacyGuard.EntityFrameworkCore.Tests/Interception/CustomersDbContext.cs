using System.ComponentModel.DataAnnotations.Schema;
using Microsoft.EntityFrameworkCore;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Interception;

/// <summary>
/// A customer whose personal data sits in owned types (OwnsOne, OwnsMany) and complex types, classified by attributes
/// and fluently. Its subject id is not its key, so owned entities must find their owner's subject.
/// </summary>
[OnErasure(ErasureAction.Anonymize)]
public sealed class Customer
{
    public int Id { get; set; }

    [DataSubjectId]
    public string UserId { get; set; } = "";

    public string Plan { get; set; } = "basic";

    /// <summary>OwnsOne, classified by attributes.</summary>
    public PostalAddress? Home { get; set; }

    /// <summary>A [ComplexType], classified by attributes.</summary>
    public ContactCard Contact { get; set; } = new();

    /// <summary>OwnsMany, classified by attributes.</summary>
    public List<Phone> Phones { get; set; } = [];

    /// <summary>OwnsOne, classified fluently.</summary>
    public Billing? Billing { get; set; }

    /// <summary>A complex property, classified fluently.</summary>
    public Shipping Shipping { get; set; } = new();

    /// <summary>An optional complex property (null when there is none).</summary>
    public GiftNote? Gift { get; set; }
}

[ComplexType]
public sealed class GiftNote
{
    [PersonalData(PersonalDataCategory.Name)]
    public string? To { get; set; }

    public string Wrapping { get; set; } = "paper";
}

public sealed class PostalAddress
{
    [PersonalData(PersonalDataCategory.Other)]
    public string? Street { get; set; }

    [PersonalData(PersonalDataCategory.Email)]
    public string? Email { get; set; }

    public string City { get; set; } = "";

    /// <summary>A complex type inside an owned type.</summary>
    public GeoLocation Location { get; set; } = new();
}

[ComplexType]
public sealed class GeoLocation
{
    [PersonalData(PersonalDataCategory.Other)]
    public string? LatLong { get; set; }
}

[ComplexType]
public sealed class ContactCard
{
    [PersonalData(PersonalDataCategory.Name)]
    public string? FullName { get; set; }

    [PersonalData(PersonalDataCategory.Email, Treatment = Treatment.Encrypt, Searchable = true)]
    public string? Email { get; set; }

    public string Language { get; set; } = "en";
}

public sealed class Phone
{
    public int Id { get; set; }

    [PersonalData(PersonalDataCategory.Other)]
    public string? Number { get; set; }

    public string Kind { get; set; } = "mobile";
}

public sealed class Billing
{
    public string? Holder { get; set; }

    public string? Iban { get; set; }
}

public sealed class Shipping
{
    public string? Recipient { get; set; }

    public string Method { get; set; } = "post";
}

/// <summary>A row that is all about its subject: deleted on erasure, with its owned address.</summary>
[OnErasure(ErasureAction.Delete)]
public sealed class Delivery
{
    public int Id { get; set; }

    [DataSubjectId]
    public string UserId { get; set; } = "";

    public PostalAddress ShipTo { get; set; } = new();
}

/// <summary>The application's own context: attributes above, fluent classification for Billing and Shipping.</summary>
public sealed class CustomersDbContext(DbContextOptions<CustomersDbContext> options) : DbContext(options)
{
    public DbSet<Customer> Customers => Set<Customer>();

    public DbSet<Delivery> Deliveries => Set<Delivery>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Customer>(customer =>
        {
            customer.OwnsOne(c => c.Home);
            customer.OwnsMany(c => c.Phones, phones => phones.HasKey(p => p.Id));
            customer.OwnsOne(c => c.Billing, billing =>
            {
                billing.Property(b => b.Holder).IsPersonalData(PersonalDataCategory.Name);
                billing.Property(b => b.Iban).IsPersonalData(PersonalDataCategory.Other);
            });
            customer.ComplexProperty(c => c.Shipping, shipping => shipping.Property(s => s.Recipient).IsPersonalData(PersonalDataCategory.Name));
        });
        modelBuilder.Entity<Delivery>().OwnsOne(d => d.ShipTo);
    }
}
