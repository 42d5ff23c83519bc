using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using PrivacyGuard.Samples.AccountService.Data;
using PrivacyGuard.Samples.AccountService.Endpoints;

namespace PrivacyGuard.Samples.AccountService;

/// <summary>
/// Builds the account service: PrivacyGuard (key ring, privacy store, EF Core protection, subject rights, the HTTP edge
/// and the admin API) around an <see cref="AccountsDbContext"/> on SQLite (<c>{AccountService:DataDirectory}/accounts.db</c>)
/// or, when <c>ConnectionStrings:Accounts</c> is set, on PostgreSQL.
/// </summary>
public static class AccountServiceApp
{
    /// <summary>The connection string name that switches the application database to PostgreSQL.</summary>
    public const string ConnectionStringName = "Accounts";

    /// <summary>The setting naming the folder of the default SQLite file.</summary>
    public const string DataDirectorySetting = "AccountService:DataDirectory";

    /// <summary>The route value that names the data subject of <c>/accounts/{accountId}</c> requests.</summary>
    public const string SubjectRouteValue = "accountId";

    /// <summary>
    /// Settings the service needs unless configuration says otherwise: the subject from the route value
    /// <c>accountId</c>, and the data folder <c>.data</c>. Added first, so every other source overrides them.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> Defaults { get; } = new Dictionary<string, string?>
    {
        ["PrivacyGuard:Subject:Source"] = "RouteValue",
        ["PrivacyGuard:Subject:Name"] = SubjectRouteValue,
        [DataDirectorySetting] = ".data",
    };

    /// <summary>Creates the builder with the service's services; callers may add configuration or services before building.</summary>
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        AddAccountServices(builder);
        return builder;
    }

    /// <summary>Adds the service's defaults and services to <paramref name="builder"/>.</summary>
    public static void AddAccountServices(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Defaults });
        var configuration = builder.Configuration;
        var services = builder.Services;

        // Registered before PrivacyGuard's own hosted services, so the tables exist before anything reads them.
        services.AddHostedService<AccountsDatabaseInitializer>();
        services.AddDbContext<AccountsDbContext>((sp, options) => UseDatabase(options, configuration).UsePrivacyGuard(sp));
        services.AddPrivacyGuard(configuration)
            .AddPrivacyStore(configuration)
            .AddEntityFrameworkCore()
            .AddSubjectRights<AccountsDbContext>()
            .AddAspNetCore(configuration)
            .AddAdminApi();
    }

    /// <summary>Adds PrivacyGuard's middleware, the account endpoints and the admin API (when enabled) to <paramref name="app"/>.</summary>
    public static WebApplication MapAccountService(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UsePrivacyGuard();
        app.MapAccountEndpoints();
        app.MapPrivacyGuardAdmin();
        return app;
    }

    /// <summary>Points <paramref name="options"/> at PostgreSQL when a connection string is given, else at the SQLite file.</summary>
    internal static DbContextOptionsBuilder UseDatabase(DbContextOptionsBuilder options, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        return string.IsNullOrWhiteSpace(connectionString)
            ? options.UseSqlite($"Data Source={SqlitePath(configuration)}")
            : options.UseNpgsql(connectionString);
    }

    /// <summary>The SQLite file used when no PostgreSQL connection string is given.</summary>
    internal static string SqlitePath(IConfiguration configuration) =>
        Path.Combine(Path.GetFullPath(configuration[DataDirectorySetting] ?? ".data"), "accounts.db");
}
