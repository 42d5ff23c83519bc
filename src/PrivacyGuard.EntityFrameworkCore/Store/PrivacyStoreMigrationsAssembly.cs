using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Internal;

namespace PrivacyGuard.EntityFrameworkCore;

#pragma warning disable EF1001 // Deriving from MigrationsAssembly is the supported way to customise how migrations are created.

/// <summary>Hands each <see cref="ISchemaAwareMigration"/> the schema of the context being migrated.</summary>
internal sealed class PrivacyStoreMigrationsAssembly : MigrationsAssembly
{
    private readonly ICurrentDbContext _currentContext;

    public PrivacyStoreMigrationsAssembly(
        ICurrentDbContext currentContext,
        IDbContextOptions options,
        IMigrationsIdGenerator idGenerator,
        IDiagnosticsLogger<DbLoggerCategory.Migrations> logger)
        : base(currentContext, options, idGenerator, logger)
    {
        _currentContext = currentContext;
    }

    public override Migration CreateMigration(TypeInfo migrationClass, string activeProvider)
    {
        var migration = base.CreateMigration(migrationClass, activeProvider);
        if (migration is ISchemaAwareMigration aware && _currentContext.Context is PrivacyStoreDbContext { Schema: { } schema })
        {
            aware.Schema = schema;
        }

        return migration;
    }
}
