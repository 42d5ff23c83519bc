namespace PrivacyGuard.EntityFrameworkCore;

/// <summary>A migration that creates its objects in the store's configured schema rather than a fixed one.</summary>
internal interface ISchemaAwareMigration
{
    /// <summary>The schema to migrate; set before the migration's operations are built.</summary>
    string Schema { get; set; }
}
