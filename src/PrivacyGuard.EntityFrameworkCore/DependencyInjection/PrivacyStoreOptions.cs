using Microsoft.Data.Sqlite;

namespace PrivacyGuard.EntityFrameworkCore;

/// <summary>
/// Where the privacy store lives, bound from <c>PrivacyGuard:Store</c>. By default a SQLite file of its own,
/// <c>.data/privacyguard.db</c>, so that keys are kept apart from application data.
/// </summary>
/// <example>
/// <code>
/// "PrivacyGuard": { "Store": { "Provider": "PostgreSql", "ConnectionString": "Host=db;Database=privacy;Username=pg", "Schema": "privacyguard" } }
/// </code>
/// </example>
public sealed class PrivacyStoreOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "PrivacyGuard:Store";

    /// <summary>The PostgreSQL schema used unless <see cref="Schema"/> says otherwise.</summary>
    public const string DefaultSchema = "privacyguard";

    /// <summary>The SQLite file name inside <see cref="DataDirectory"/> when no connection string is given.</summary>
    public const string DefaultSqliteFileName = "privacyguard.db";

    /// <summary>SQLite (default) or PostgreSQL.</summary>
    public PrivacyStoreProvider Provider { get; set; } = PrivacyStoreProvider.Sqlite;

    /// <summary>
    /// The store's connection string: required for PostgreSQL; for SQLite it defaults to
    /// <c>Data Source=&lt;DataDirectory&gt;/privacyguard.db</c>. Give the store a database (or file) of its own, not the
    /// application's. Never logged nor shown in errors.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>The folder of the default SQLite file, created when missing. Default <c>.data</c>.</summary>
    public string DataDirectory { get; set; } = ".data";

    /// <summary>The PostgreSQL schema of the store's tables and of its migrations history. Default <c>privacyguard</c>.</summary>
    public string Schema { get; set; } = DefaultSchema;

    /// <summary>Whether the host applies pending migrations when it starts (default true). Otherwise call <see cref="PrivacyStoreMigrator.MigrateAsync"/>.</summary>
    public bool ApplyMigrationsAtStartup { get; set; } = true;

    /// <summary>Timeout of each store command. Default 30 seconds.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often each instance reloads restrictions and objections from the store in full, whatever the change feed
    /// reported, so a notification lost while a listener was down cannot leave an instance stale for longer. Default
    /// 30 seconds; between one second and one hour (tests may go lower).
    /// </summary>
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The SQLite connection string to use, creating the default file's folder when needed.</summary>
    internal string ResolveSqliteConnectionString()
    {
        if (!string.IsNullOrWhiteSpace(ConnectionString))
        {
            return ConnectionString;
        }

        var directory = Path.GetFullPath(DataDirectory);
        Directory.CreateDirectory(directory);
        return new SqliteConnectionStringBuilder { DataSource = Path.Combine(directory, DefaultSqliteFileName) }.ToString();
    }
}
