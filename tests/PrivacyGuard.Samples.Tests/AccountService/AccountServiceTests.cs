using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using PrivacyGuard.Encryption;
using PrivacyGuard.Rights;

namespace PrivacyGuard.Samples.Tests.AccountService;

/// <summary>The account service on Kestrel with its SQLite files: what it stores, returns and leaves out.</summary>
public sealed class AccountServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sign_up_stores_tokens_and_ciphertext_never_the_raw_email_name_user_name_or_address()
    {
        await using var host = await AccountServiceHost.StartAsync(cancellationToken: Ct);
        var id = await host.SignUpAsync("Jane Doe", "janed", "Jane.Doe@Example.com", cancellationToken: Ct);

        var row = await ReadRowAsync(new SqliteConnection($"Data Source={host.AccountsDatabasePath};Pooling=false"), id);
        var all = string.Join('|', row.Values);
        Assert.DoesNotContain("jane.doe@example.com", all, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Jane Doe", all, StringComparison.Ordinal);
        Assert.DoesNotContain("janed", all, StringComparison.Ordinal);
        Assert.DoesNotContain("dark", all, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", all, StringComparison.Ordinal);
        Assert.StartsWith("pg1.", row["RealName"], StringComparison.Ordinal);
        Assert.StartsWith("pg1.", row["Settings"], StringComparison.Ordinal);
        Assert.EndsWith("@pseudonymized.invalid", row["Email"], StringComparison.Ordinal);
        Assert.Equal("127.0.0.0", row["SignUpIp"]);
    }

    [Fact]
    public async Task Profile_read_returns_the_decrypted_name_and_settings_and_the_tokens()
    {
        await using var host = await AccountServiceHost.StartAsync(cancellationToken: Ct);
        var id = await host.SignUpAsync("Jane Doe", "janed", "jane.doe@example.com", cancellationToken: Ct);

        var profile = await host.Client.GetFromJsonAsync<ProfileDto>($"accounts/{id}", Ct);

        Assert.NotNull(profile);
        Assert.Equal("Jane Doe", profile.RealName);
        Assert.Equal("dark", profile.Settings["theme"]);
        Assert.Equal("127.0.0.0", profile.SignUpIp);
        Assert.DoesNotContain("jane", profile.Email, StringComparison.OrdinalIgnoreCase);
        Assert.NotEqual("janed", profile.UserName);
    }

    [Fact]
    public async Task Profile_update_changes_the_name_settings_and_e_mail_and_stores_them_protected()
    {
        await using var host = await AccountServiceHost.StartAsync(cancellationToken: Ct);
        var id = await host.SignUpAsync("Jane Doe", "janed", "jane.doe@example.com", cancellationToken: Ct);
        var before = await host.Client.GetFromJsonAsync<ProfileDto>($"accounts/{id}", Ct);

        using var response = await host.Client.PutAsJsonAsync($"accounts/{id}", new { realName = "Jane Smith", email = "jane.smith@example.com", settings = new Dictionary<string, string> { ["theme"] = "light" } }, Ct);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var after = await host.Client.GetFromJsonAsync<ProfileDto>($"accounts/{id}", Ct);
        Assert.Equal("Jane Smith", after!.RealName);
        Assert.Equal("light", after.Settings["theme"]);
        Assert.NotEqual(before!.Email, after.Email);
        var all = string.Join('|', (await ReadRowAsync(new SqliteConnection($"Data Source={host.AccountsDatabasePath};Pooling=false"), id)).Values);
        Assert.DoesNotContain("Jane Smith", all, StringComparison.Ordinal);
        Assert.DoesNotContain("jane.smith@example.com", all, StringComparison.Ordinal);
        Assert.DoesNotContain("light", all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mailing_list_leaves_out_a_subject_who_objected_to_marketing_while_their_profile_still_serves()
    {
        await using var host = await AccountServiceHost.StartAsync(cancellationToken: Ct);
        var jane = await host.SignUpAsync("Jane Doe", "janed", "jane.doe@example.com", marketingOptIn: true, cancellationToken: Ct);
        var john = await host.SignUpAsync("John Roe", "johnr", "john.roe@example.com", marketingOptIn: true, cancellationToken: Ct);
        var quiet = await host.SignUpAsync("Quiet Person", "quiet", "quiet@example.com", marketingOptIn: false, cancellationToken: Ct);

        await host.App.Services.GetRequiredService<IDataSubjectRights>().ObjectAsync(john.ToString(), ProcessingPurpose.Marketing, Ct);
        var list = await host.Client.GetFromJsonAsync<List<MailingListDto>>("marketing/mailing-list", Ct) ?? [];

        Assert.Equal([jane], list.Select(e => e.AccountId));
        Assert.Equal("Jane Doe", list[0].RealName);
        Assert.DoesNotContain(quiet, list.Select(e => e.AccountId));
        using var profile = await host.Client.GetAsync($"accounts/{john}", Ct);
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
    }

    [Fact]
    public async Task Vendor_export_holds_de_identified_rows_without_names_e_mails_tokens_or_account_ids()
    {
        await using var host = await AccountServiceHost.StartAsync(cancellationToken: Ct);
        var jane = await host.SignUpAsync("Jane Doe", "janed", "jane.doe@example.com", cancellationToken: Ct);
        var john = await host.SignUpAsync("John Roe", "johnr", "john.roe@example.com", cancellationToken: Ct);
        var janeProfile = await host.Client.GetFromJsonAsync<ProfileDto>($"accounts/{jane}", Ct);

        var body = await host.Client.GetStringAsync("vendor/accounts", Ct);

        var rows = System.Text.Json.JsonDocument.Parse(body).RootElement;
        Assert.Equal(2, rows.GetArrayLength());
        foreach (var forbidden in new[] { "Jane", "John", "Doe", "Roe", "@", jane.ToString(), john.ToString(), janeProfile!.Email, janeProfile.UserName })
        {
            Assert.DoesNotContain(forbidden, body, StringComparison.OrdinalIgnoreCase);
        }

        Assert.All(rows.EnumerateArray(), row => Assert.Equal("127.0.0.0", row.GetProperty("signUpNetwork").GetString()));
    }

    [Fact]
    public async Task A_second_sign_up_with_the_same_e_mail_in_another_case_is_refused()
    {
        await using var host = await AccountServiceHost.StartAsync(cancellationToken: Ct);
        await host.SignUpAsync("Jane Doe", "janed", "jane.doe@example.com", cancellationToken: Ct);

        using var response = await host.Client.PostAsJsonAsync("accounts", new { realName = "Other", userName = "other", email = "Jane.Doe@Example.com" }, Ct);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    /// <summary>The account's row as text, column by column, read with plain SQL (no EF Core, no decryption).</summary>
    [Fact]
    public async Task Profile_read_of_a_subject_whose_key_was_shredded_returns_a_null_name_and_empty_settings()
    {
        await using var host = await AccountServiceHost.StartAsync(cancellationToken: Ct);
        var id = await host.SignUpAsync("Jane Doe", "janed", "jane.doe@example.com", cancellationToken: Ct);
        Assert.True(await host.App.Services.GetRequiredService<SubjectKeyService>().ShredAsync(id.ToString("D", System.Globalization.CultureInfo.InvariantCulture), Ct));

        using var response = await host.Client.GetAsync($"accounts/{id}", Ct);
        var profile = await response.Content.ReadFromJsonAsync<ProfileDto>(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(profile!.RealName);
        Assert.Empty(profile.Settings);
        Assert.Equal("127.0.0.0", profile.SignUpIp);
    }

    internal static async Task<Dictionary<string, string>> ReadRowAsync(DbConnection connection, Guid id)
    {
        await using (connection)
        {
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = """SELECT * FROM "Accounts" """;
            await using var reader = await command.ExecuteReaderAsync(Ct);
            var rows = new List<Dictionary<string, string>>();
            while (await reader.ReadAsync(Ct))
            {
                var row = new Dictionary<string, string>(StringComparer.Ordinal);
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    row[reader.GetName(i)] = reader.IsDBNull(i) ? "" : reader.GetValue(i) switch
                    {
                        byte[] bytes => Encoding.UTF8.GetString(bytes),
                        var value => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
                    };
                }

                rows.Add(row);
            }

            return rows.Single(r => Guid.Parse(r["Id"]) == id);
        }
    }
}
