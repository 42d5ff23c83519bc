namespace PrivacyGuard.EntityFrameworkCore.Migrations.PostgreSql;

/// <summary>Creates the access log's tables in the configured schema (<c>PrivacyGuard:Store:Schema</c>) rather than the scaffolded one.</summary>
public partial class AccessLogChains : ISchemaAwareMigration
{
    private string Schema { get; set; } = PrivacyStoreOptions.DefaultSchema;

    string ISchemaAwareMigration.Schema
    {
        get => Schema;
        set => Schema = value;
    }
}
