using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace PrivacyGuard.EntityFrameworkCore;

/// <summary>
/// Validates <see cref="PrivacyStoreOptions"/> at start-up. Each message names its setting; none repeats the
/// connection string, which may hold a password.
/// </summary>
internal sealed partial class PrivacyStoreOptionsValidator : IValidateOptions<PrivacyStoreOptions>
{
    private static readonly TimeSpan MaxCommandTimeout = TimeSpan.FromHours(1);

    public ValidateOptionsResult Validate(string? name, PrivacyStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        switch (options.Provider)
        {
            case PrivacyStoreProvider.Sqlite:
                ValidateSqlite(options, errors);
                break;
            case PrivacyStoreProvider.PostgreSql:
                ValidatePostgreSql(options, errors);
                break;
            default:
                errors.Add("PrivacyGuard:Store:Provider must be Sqlite or PostgreSql.");
                break;
        }

        if (options.CommandTimeout <= TimeSpan.Zero || options.CommandTimeout > MaxCommandTimeout)
        {
            errors.Add("PrivacyGuard:Store:CommandTimeout must be more than zero and at most one hour.");
        }

        if (options.ResyncInterval < TimeSpan.FromMilliseconds(100) || options.ResyncInterval > TimeSpan.FromHours(1))
        {
            errors.Add("PrivacyGuard:Store:ResyncInterval must be between 100 milliseconds and one hour.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateSqlite(PrivacyStoreOptions options, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            if (string.IsNullOrWhiteSpace(options.DataDirectory))
            {
                errors.Add("PrivacyGuard:Store:DataDirectory is required when Provider is Sqlite and no ConnectionString is set.");
            }

            return;
        }

        try
        {
            _ = new SqliteConnectionStringBuilder(options.ConnectionString);
        }
        catch (ArgumentException)
        {
            errors.Add("PrivacyGuard:Store:ConnectionString is not a valid SQLite connection string (its value is not shown).");
        }
    }

    private static void ValidatePostgreSql(PrivacyStoreOptions options, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            errors.Add("PrivacyGuard:Store:ConnectionString is required when Provider is PostgreSql.");
        }
        else
        {
            try
            {
                _ = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
            {
                errors.Add("PrivacyGuard:Store:ConnectionString is not a valid PostgreSQL connection string (its value is not shown: it may hold a password).");
            }
        }

        if (options.Schema is null || !SchemaName().IsMatch(options.Schema))
        {
            errors.Add("PrivacyGuard:Store:Schema must be 1 to 63 characters of a-z, 0-9 and '_', starting with a letter or '_'.");
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex SchemaName();
}
