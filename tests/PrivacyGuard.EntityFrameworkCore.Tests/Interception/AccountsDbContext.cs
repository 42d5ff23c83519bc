using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Interception;

/// <summary>What a generic repository may see of an account.</summary>
public interface IAccountView
{
    string Email { get; }

    string RealName { get; }
}

/// <summary>An application entity with one property of each everyday classification.</summary>
public sealed class Account : IAccountView
{
    [DataSubjectId]
    public Guid Id { get; set; }

    [PersonalData(PersonalDataCategory.Email)]
    public string Email { get; set; } = "";

    [PersonalData(PersonalDataCategory.IpAddress)]
    public string SignUpIp { get; set; } = "";

    [PersonalData(PersonalDataCategory.IpAddress, Treatment = Treatment.PrefixPreserving)]
    public string? LastIp { get; set; }

    [PersonalData(PersonalDataCategory.UserName)]
    public string? UserName { get; set; }

    [PersonalData(PersonalDataCategory.Name)]
    public string RealName { get; set; } = "";

    [PersonalData(PersonalDataCategory.AccountSettings)]
    public string? Settings { get; set; }

    [PersonalData(PersonalDataCategory.Name, Treatment = Treatment.Encrypt, Searchable = true)]
    public string? SearchableName { get; set; }

    [PersonalData(PersonalDataCategory.Email, Treatment = Treatment.Encrypt, Searchable = true)]
    public string? RecoveryEmail { get; set; }

    [PersonalData(PersonalDataCategory.FreeText)]
    public byte[]? Notes { get; set; }

    public string Plan { get; set; } = "free";
}

/// <summary>A base entity whose personal data is declared once for its derived types (one table, TPH).</summary>
public class Person
{
    [DataSubjectId]
    public Guid Id { get; set; }

    [PersonalData(PersonalDataCategory.Name, Searchable = true)]
    public string? Name { get; set; }
}

/// <summary>A derived entity stored in its base type's table.</summary>
public sealed class Member : Person
{
    public int Level { get; set; }
}

/// <summary>The application's own context: nothing PrivacyGuard-specific but the attributes above.</summary>
public sealed class AccountsDbContext(DbContextOptions<AccountsDbContext> options) : DbContext(options)
{
    public DbSet<Account> Accounts => Set<Account>();

    public DbSet<Person> People => Set<Person>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Member>();
}

/// <summary>Records the text of every command sent, to prove what a save sends.</summary>
public sealed class CommandLog : DbCommandInterceptor
{
    private readonly ConcurrentQueue<string> _commands = new();

    public IReadOnlyList<string> Commands => [.. _commands];

    public int Updates => _commands.Count(c => c.Contains("UPDATE ", StringComparison.OrdinalIgnoreCase));

    public void Clear() => _commands.Clear();

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        _commands.Enqueue(command.CommandText);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        _commands.Enqueue(command.CommandText);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        _commands.Enqueue(command.CommandText);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        _commands.Enqueue(command.CommandText);
        return ValueTask.FromResult(result);
    }
}
