namespace PrivacyGuard.EntityFrameworkCore;

/// <summary>The database the privacy store lives in.</summary>
public enum PrivacyStoreProvider
{
    /// <summary>A SQLite file of its own (the default): one instance only.</summary>
    Sqlite = 0,

    /// <summary>A schema of its own in PostgreSQL: shared by several instances, which see each other's changes.</summary>
    PostgreSql = 1,
}
