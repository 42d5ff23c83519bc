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

    public List<Comment> Comments { get; set; } = [];

    public List<Wishlist> Wishlists { get; set; } = [];

    public List<Visit> Visits { get; set; } = [];

    public List<PageView> PageViews { get; set; } = [];
}

/// <summary>A dependent without personal data of its own that leads to some.</summary>
public sealed class Wishlist
{
    public int Id { get; set; }

    public Guid CustomerId { get; set; }

    public string Title { get; set; } = "";

    public List<WishlistItem> Items { get; set; } = [];
}

/// <summary>The personal data below a <see cref="Wishlist"/>.</summary>
public sealed class WishlistItem
{
    public int Id { get; set; }

    public int WishlistId { get; set; }

    [PersonalData(PersonalDataCategory.UserName)]
    public string? For { get; set; }
}

/// <summary>A dependent with no personal data anywhere below it.</summary>
public sealed class Visit
{
    public int Id { get; set; }

    public Guid CustomerId { get; set; }

    public string Page { get; set; } = "";
}

/// <summary>
/// A dependent with no personal data through an optional relationship (EF Core's default <c>ClientSetNull</c>, no action in
/// the database): kept, with its foreign key set to null, when the customer is deleted.
/// </summary>
public sealed class PageView
{
    public int Id { get; set; }

    public Guid? CustomerId { get; set; }

    public string Page { get; set; } = "";
}

/// <summary>A self-referencing dependent: a comment on the customer's page and the replies to it, at any depth.</summary>
public sealed class Comment
{
    public int Id { get; set; }

    public Guid? CustomerId { get; set; }

    public int? ParentId { get; set; }

    public List<Comment> Replies { get; set; } = [];

    [PersonalData(PersonalDataCategory.UserName)]
    public string? Author { get; set; }
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

    public DbSet<Comment> Comments => Set<Comment>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Customer>().HasOne(c => c.Card).WithOne().HasForeignKey<LoyaltyCard>(l => l.CustomerId);
        modelBuilder.Entity<Comment>().HasMany(c => c.Replies).WithOne().HasForeignKey(c => c.ParentId);
    }
}
