using Microsoft.EntityFrameworkCore;

namespace PrivacyGuard.Benchmarks.EntityFrameworkCore;

/// <summary>The anchor: plain EF Core over <see cref="Customer"/>, no PrivacyGuard.</summary>
public sealed class PlainCustomersDbContext(DbContextOptions<PlainCustomersDbContext> options) : DbContext(options)
{
    public DbSet<Customer> Customers => Set<Customer>();
}

/// <summary>The same entity in a context built with <c>UsePrivacyGuard</c>.</summary>
public sealed class GuardedCustomersDbContext(DbContextOptions<GuardedCustomersDbContext> options) : DbContext(options)
{
    public DbSet<Customer> Customers => Set<Customer>();
}
