using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using PrivacyGuard.Tests;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Rights;

/// <summary>Each application context and the privacy store in fresh databases of the throwaway PostgreSQL server.</summary>
public sealed class PostgreSqlSubjectRightsTests(PostgresServer postgres) : SubjectRightsTests
{
    private string? _accounts;
    private string? _tickets;
    private string? _store;

    protected override async ValueTask CreateDatabasesAsync()
    {
        postgres.EnsureAvailable();
        _accounts = await postgres.CreateDatabaseAsync("accounts");
        _tickets = await postgres.CreateDatabaseAsync("tickets");
        _store = await postgres.CreateDatabaseAsync("store");
    }

    protected override void ConfigureStore(PrivacyStoreOptions options)
    {
        options.Provider = PrivacyStoreProvider.PostgreSql;
        options.ConnectionString = _store;
    }

    protected override void UseAccountsDatabase(DbContextOptionsBuilder options) => options.UseNpgsql(_accounts);

    protected override void UseTicketsDatabase(DbContextOptionsBuilder options) => options.UseNpgsql(_tickets);

    protected override DbConnection CreateRawConnection(bool tickets) => new NpgsqlConnection(tickets ? _tickets : _accounts);

    /// <summary>Closes this test's idle pooled connections: three databases per test would otherwise exhaust the server.</summary>
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var connectionString in new[] { _accounts, _tickets, _store })
        {
            if (connectionString is not null)
            {
                await using var connection = new NpgsqlConnection(connectionString);
                NpgsqlConnection.ClearPool(connection);
            }
        }
    }
}
