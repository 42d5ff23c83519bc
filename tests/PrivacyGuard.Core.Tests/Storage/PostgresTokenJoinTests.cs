using Npgsql;
using PrivacyGuard.Pseudonymization;

namespace PrivacyGuard.Tests.Storage;

/// <summary>Pseudonymized e-mails stored in PostgreSQL still count and join, as the policy promises.</summary>
public class PostgresTokenJoinTests(PostgresServer postgres)
{
    [Fact]
    public async Task Tokens_of_equivalent_emails_count_and_join_as_one_person_in_PostgreSQL()
    {
        var ct = TestContext.Current.CancellationToken;
        var key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        using var email = new EmailPseudonymizer("k1", key, new EmailPseudonymizerOptions());
        await using var connection = new NpgsqlConnection(await postgres.CreateDatabaseAsync("tokens"));
        await connection.OpenAsync(ct);
        await using (var create = new NpgsqlCommand("CREATE TABLE signups (email_token text NOT NULL); CREATE TABLE orders (email_token text NOT NULL, amount int NOT NULL);", connection))
        {
            await create.ExecuteNonQueryAsync(ct);
        }

        string[] signups = ["Jane.Doe@Example.com", " jane.doe@example.COM ", "max@example.org"];
        foreach (var address in signups)
        {
            await using var insert = new NpgsqlCommand("INSERT INTO signups VALUES ($1)", connection) { Parameters = { new() { Value = email.Pseudonymize(address) } } };
            await insert.ExecuteNonQueryAsync(ct);
        }

        await using (var order = new NpgsqlCommand("INSERT INTO orders VALUES ($1, 30), ($1, 12)", connection) { Parameters = { new() { Value = email.Pseudonymize("JANE.DOE@example.com") } } })
        {
            await order.ExecuteNonQueryAsync(ct);
        }

        await using var count = new NpgsqlCommand("SELECT count(DISTINCT email_token) FROM signups", connection);
        Assert.Equal(2L, await count.ExecuteScalarAsync(ct));
        await using var join = new NpgsqlCommand("SELECT sum(o.amount) FROM (SELECT DISTINCT email_token FROM signups) s JOIN orders o USING (email_token)", connection);
        Assert.Equal(42L, await join.ExecuteScalarAsync(ct));
        await using var raw = new NpgsqlCommand("SELECT count(*) FROM signups WHERE email_token ILIKE '%jane%' OR email_token ILIKE '%example.com%'", connection);
        Assert.Equal(0L, await raw.ExecuteScalarAsync(ct));
    }
}
