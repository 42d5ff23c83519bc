using Microsoft.EntityFrameworkCore;

namespace PrivacyGuard.Samples.AccountService.Data;

/// <summary>The service's application database. Configured with <c>UsePrivacyGuard(sp)</c> in <see cref="AccountServiceApp"/>.</summary>
public sealed class AccountsDbContext(DbContextOptions<AccountsDbContext> options) : DbContext(options)
{
    /// <summary>The accounts.</summary>
    public DbSet<Account> Accounts => Set<Account>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        var account = modelBuilder.Entity<Account>();
        account.Property(a => a.RealName).IsRequired();
        account.Property(a => a.Email).IsRequired();
        account.HasIndex(a => a.Email).IsUnique();
    }
}
