using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PrivacyGuard.Encryption;
using PrivacyGuard.EntityFrameworkCore.Tests.Interception;
using PrivacyGuard.EntityFrameworkCore.Tests.Rights;
using PrivacyGuard.Rights;
using PrivacyGuard.Tests;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Faults;

/// <summary>
/// One application instance (its own service provider, as a process would have) over the shared application databases
/// ("accounts", "tickets") and a privacy store partition of its own (a folder for SQLite, a schema for PostgreSQL), with
/// one <see cref="FailAfterNCommands"/> on every context: both application contexts and the store's pooled contexts
/// (through EF Core's public <c>ConfigureDbContext</c>, which adds to the store's own options).
/// </summary>
internal sealed class FaultWorld : IAsyncDisposable
{
    private readonly TestDatabases _databases;
    private ServiceProvider? _services;

    private FaultWorld(TestDatabases databases, Action<PrivacyStoreOptions> configureStore, FailAfterNCommands faults)
    {
        _databases = databases;
        ConfigureStore = configureStore;
        Faults = faults;
    }

    public Action<PrivacyStoreOptions> ConfigureStore { get; }

    public TestDatabases Databases => _databases;

    public FailAfterNCommands Faults { get; }

    public IServiceProvider Services => _services ?? throw new InvalidOperationException("Not started.");

    public IDataSubjectRights Rights => Services.GetRequiredService<IDataSubjectRights>();

    public SubjectKeyService Keys => Services.GetRequiredService<SubjectKeyService>();

    /// <summary>
    /// Starts an instance on store partition <paramref name="partition"/> whose root keys are <paramref name="keyIds"/>
    /// (<c>ka</c>: secret A, <c>kb</c>: secret B), the first one current.
    /// </summary>
    public static Task<FaultWorld> StartAsync(TestDatabases databases, string partition, FailAfterNCommands faults, params string[] keyIds) =>
        StartAsync(databases, partition, faults, null, keyIds);

    /// <summary>As above, with extra registrations made before PrivacyGuard's own (which are TryAdd).</summary>
    public static async Task<FaultWorld> StartAsync(TestDatabases databases, string partition, FailAfterNCommands faults, Action<IServiceCollection>? configure, params string[] keyIds)
    {
        var world = new FaultWorld(databases, PartitionOf(databases, partition), faults);
        await world.StartAsync(keyIds.Length == 0 ? ["ka"] : keyIds, configure);
        return world;
    }

    /// <summary>The store options of <paramref name="partition"/>: a store folder or schema of its own, no periodic resync.</summary>
    public static Action<PrivacyStoreOptions> PartitionOf(TestDatabases databases, string partition) => options =>
    {
        databases.ConfigureStore(options);
        if (options.Provider == PrivacyStoreProvider.Sqlite)
        {
            options.DataDirectory = Path.Combine(options.DataDirectory, partition);
        }
        else
        {
            options.Schema = partition;
        }

        // No background reload may add a command to the count.
        options.ResyncInterval = TimeSpan.FromHours(1);
    };

    private async Task StartAsync(string[] keyIds, Action<IServiceCollection>? configure)
    {
        var services = new ServiceCollection();
        configure?.Invoke(services);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddDbContext<AccountsDbContext>((sp, o) => UseAccounts(o.UsePrivacyGuard(sp)));
        services.AddDbContext<TicketsDbContext>((sp, o) => UseTickets(o.UsePrivacyGuard(sp)));
        services.ConfigureDbContext<SqlitePrivacyStoreDbContext>(o => o.AddInterceptors(Faults));
        services.ConfigureDbContext<PostgreSqlPrivacyStoreDbContext>(o => o.AddInterceptors(Faults));
        services.AddPrivacyGuard(keys =>
        {
            keys.CurrentKeyId = keyIds[0];
            foreach (var id in keyIds)
            {
                keys.Keys[id] = id == "ka" ? TestKeys.SecretA : TestKeys.SecretB;
            }
        }).AddPrivacyStore(ConfigureStore).AddEntityFrameworkCore()
            .AddSubjectRights<AccountsDbContext>()
            .AddSubjectRights<TicketsDbContext>();
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        foreach (var hosted in _services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(TestContext.Current.CancellationToken);
        }
    }

    public AccountsDbContext NewAccounts()
    {
        var options = new DbContextOptionsBuilder<AccountsDbContext>();
        UseAccounts(options.UsePrivacyGuard(Services));
        return new AccountsDbContext(options.Options);
    }

    public TicketsDbContext NewTickets(params Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor[] interceptors)
    {
        var options = new DbContextOptionsBuilder<TicketsDbContext>();
        UseTickets(options.UsePrivacyGuard(Services));
        options.AddInterceptors(interceptors);
        return new TicketsDbContext(options.Options);
    }

    /// <summary>Creates the application tables (once per set of databases).</summary>
    public async Task EnsureApplicationTablesAsync()
    {
        await using (var accounts = NewAccounts())
        {
            await accounts.Database.EnsureCreatedAsync(TestContext.Current.CancellationToken);
        }

        await using var tickets = NewTickets();
        await tickets.Database.EnsureCreatedAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// Ends the instance as a killed process ends: nothing is flushed, stopped or retried; its connections and in-memory
    /// state (key cache, restriction snapshot) are simply gone.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        Faults.Disarm();
        if (_services is not null)
        {
            await _services.DisposeAsync();
            _services = null;
        }
    }

    private void UseAccounts(DbContextOptionsBuilder options)
    {
        _databases.Use(options, "accounts");
        options.AddInterceptors(Faults);
    }

    private void UseTickets(DbContextOptionsBuilder options)
    {
        _databases.Use(options, "tickets");
        options.AddInterceptors(Faults);
    }
}
