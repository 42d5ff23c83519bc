using Microsoft.EntityFrameworkCore;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Rights;

/// <summary>The data subject: its rows lead to orders, their lines and a loyalty card, which have no subject id of their own.</summary>
public sealed class Customer
{
    [DataSubjectId]
    public Guid Id { get; set; }

    [PersonalData(PersonalDataCategory.Name)]
    public string? Name { get; set; }

    public int? CompanyId { get; set; }

    /// <summary>A principal shared by several customers: not the subject's data.</summary>
    public Company? Company { get; set; }

    public List<Order> Orders { get; set; } = [];

    public LoyaltyCard? Card { get; set; }

    /// <summary>Reviews of this customer, each by a reviewer who is a data subject of their own.</summary>
    public List<Review> Reviews { get; set; } = [];

    /// <summary>Dependents through an optional relationship: kept (their foreign key set to null) when the customer is deleted.</summary>
    public List<SupportNote> Notes { get; set; } = [];
}

/// <summary>A dependent through an optional foreign key (EF Core's ClientSetNull: no cascade in the database).</summary>
public sealed class SupportNote
{
    public int Id { get; set; }

    public Guid? CustomerId { get; set; }

    public string Text { get; set; } = "";

    [PersonalData(PersonalDataCategory.Email)]
    public string? ReplyTo { get; set; }
}

/// <summary>A subject's row that is anonymized, not deleted, on erasure (its key is not the subject id), with dependents.</summary>
public sealed class Subscription
{
    public int Id { get; set; }

    [DataSubjectId]
    public Guid SubscriberId { get; set; }

    public string Plan { get; set; } = "";

    public List<Delivery> Deliveries { get; set; } = [];
}

/// <summary>A dependent of a row that is kept: anonymized with it on erasure.</summary>
public sealed class Delivery
{
    public int Id { get; set; }

    public int SubscriptionId { get; set; }

    [PersonalData(PersonalDataCategory.Email)]
    public string? NotifyEmail { get; set; }

    [PersonalData(PersonalDataCategory.IpAddress)]
    public string? ConfirmedFromIp { get; set; }

    public List<Receipt> Receipts { get; set; } = [];
}

/// <summary>A dependent whose policy says delete.</summary>
[OnErasure(ErasureAction.Delete)]
public sealed class Receipt
{
    public int Id { get; set; }

    public int DeliveryId { get; set; }

    [PersonalData(PersonalDataCategory.UserName)]
    public string? SignedBy { get; set; }
}

/// <summary>Shared by the customers who work there; its contact is somebody else's personal data.</summary>
public sealed class Company
{
    public int Id { get; set; }

    public string Title { get; set; } = "";

    [PersonalData(PersonalDataCategory.Email)]
    public string? ContactEmail { get; set; }

    public List<Customer> Employees { get; set; } = [];
}

/// <summary>A dependent without a subject id: only pseudonymized values are possible here (encryption needs a subject key).</summary>
public sealed class Order
{
    public int Id { get; set; }

    public Guid CustomerId { get; set; }

    public string Reference { get; set; } = "";

    [PersonalData(PersonalDataCategory.Email)]
    public string? ShippingEmail { get; set; }

    [PersonalData(PersonalDataCategory.IpAddress)]
    public string? PlacedFromIp { get; set; }

    public List<OrderLine> Lines { get; set; } = [];
}

/// <summary>A dependent of a dependent.</summary>
public sealed class OrderLine
{
    public int Id { get; set; }

    public int OrderId { get; set; }

    public string Sku { get; set; } = "";

    [PersonalData(PersonalDataCategory.UserName)]
    public string? GiftRecipient { get; set; }
}

/// <summary>A dependent reached through a reference navigation.</summary>
public sealed class LoyaltyCard
{
    public int Id { get; set; }

    public Guid CustomerId { get; set; }

    [PersonalData(PersonalDataCategory.Email)]
    public string? Email { get; set; }
}

/// <summary>A dependent of a customer that has a data subject id of its own: the reviewer's.</summary>
public sealed class Review
{
    public int Id { get; set; }

    public Guid CustomerId { get; set; }

    [DataSubjectId]
    public Guid ReviewerId { get; set; }

    [PersonalData(PersonalDataCategory.Name)]
    public string? ReviewerName { get; set; }
}

/// <summary>A context whose subject's personal data is spread over dependents.</summary>
public sealed class ShopDbContext(DbContextOptions<ShopDbContext> options) : DbContext(options)
{
    public DbSet<Customer> Customers => Set<Customer>();

    public DbSet<Company> Companies => Set<Company>();

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<Review> Reviews => Set<Review>();

    public DbSet<SupportNote> Notes => Set<SupportNote>();

    public DbSet<Subscription> Subscriptions => Set<Subscription>();

    public DbSet<Delivery> Deliveries => Set<Delivery>();

    public DbSet<Receipt> Receipts => Set<Receipt>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<Customer>().HasOne(c => c.Card).WithOne().HasForeignKey<LoyaltyCard>(l => l.CustomerId);
}
