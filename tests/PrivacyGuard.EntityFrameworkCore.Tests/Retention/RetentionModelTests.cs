using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PrivacyGuard.EntityFrameworkCore.Retention;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PrivacyGuard.Tests;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Retention;

/// <summary>What retention puts into the EF Core model, and what it refuses. No database is opened.</summary>
public sealed class RetentionModelTests : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public RetentionModelTests()
    {
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddPrivacyGuard(keys =>
        {
            keys.CurrentKeyId = "ka";
            keys.Keys["ka"] = TestKeys.SecretA;
        }).AddPrivacyStore(o => o.DataDirectory = Path.GetTempPath()).AddEntityFrameworkCore();
        _services = services.BuildServiceProvider();
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    private IModel ModelOf<TEntity>(Action<ModelBuilder>? configure = null)
        where TEntity : class
    {
        var options = new DbContextOptionsBuilder<ModelContext<TEntity>>().UseSqlite("Data Source=:memory:").UsePrivacyGuard(_services).Options;
        using var context = new ModelContext<TEntity>(options, configure);
        return context.Model;
    }

    [Fact]
    public void Attribute_and_fluent_retention_become_entity_annotations()
    {
        var audit = ModelOf<AuditEntry>().FindEntityType(typeof(AuditEntry))!;
        Assert.Equal(TimeSpan.FromDays(30), audit[PrivacyGuardAnnotationNames.RetentionPeriod]);
        Assert.Equal(nameof(AuditEntry.CreatedAt), audit[PrivacyGuardAnnotationNames.RetentionTimestamp]);

        var login = ModelOf<LoginAttempt>(b => b.Entity<LoginAttempt>().RetainFor(TimeSpan.FromDays(7), e => e.At)).FindEntityType(typeof(LoginAttempt))!;
        Assert.Equal(TimeSpan.FromDays(7), login[PrivacyGuardAnnotationNames.RetentionPeriod]);
        Assert.Equal(nameof(LoginAttempt.At), login[PrivacyGuardAnnotationNames.RetentionTimestamp]);
    }

    [Fact]
    public void Fluent_retention_replaces_the_attribute()
    {
        var purchase = ModelOf<Purchase>(b => b.Entity<Purchase>().RetainFor(TimeSpan.FromDays(90), e => e.PlacedAt)).FindEntityType(typeof(Purchase))!;
        Assert.Equal(TimeSpan.FromDays(90), purchase[PrivacyGuardAnnotationNames.RetentionPeriod]);
    }

    [Fact]
    public void An_invalid_iso_duration_fails_model_building_naming_the_entity()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ModelOf<BadDuration>());
        Assert.Contains(nameof(BadDuration), error.Message, StringComparison.Ordinal);
        Assert.Contains("365 days", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zero_duration_fails_model_building()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ModelOf<ZeroDuration>());
        Assert.Contains(nameof(ZeroDuration), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_timestamp_of_the_wrong_type_fails_model_building_naming_the_entity()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ModelOf<TextTimestamp>());
        Assert.Contains($"{nameof(TextTimestamp)}.{nameof(TextTimestamp.CreatedAt)}", error.Message, StringComparison.Ordinal);
        Assert.Contains("DateTime or DateTimeOffset", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_timestamp_fails_model_building_naming_the_entity()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ModelOf<MissingTimestamp>());
        Assert.Contains(nameof(MissingTimestamp), error.Message, StringComparison.Ordinal);
        Assert.Contains("Created", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_fluent_period_fails_model_building()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ModelOf<FluentNegative>(b => b.Entity<FluentNegative>().RetainFor(TimeSpan.FromDays(-1), e => e.At)));
        Assert.Contains(nameof(FluentNegative), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Options_bind_from_the_privacy_guard_retention_section_and_invalid_ones_are_refused()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["PrivacyGuard:Retention:Interval"] = "00:15:00",
            ["PrivacyGuard:Retention:DryRun"] = "true",
            ["PrivacyGuard:Retention:BatchSize"] = "0",
        }).Build();
        await using var provider = ProviderWith(configuration);

        // What the hosted service resolves at start-up.
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<LastGoodOptions<RetentionOptions>>());
        Assert.Contains("BatchSize", error.Message, StringComparison.Ordinal);

        configuration["PrivacyGuard:Retention:BatchSize"] = "250";
        var options = new ServiceCollection().AddOptions<RetentionOptions>().Bind(configuration.GetSection(RetentionOptions.SectionName)).Services
            .BuildServiceProvider().GetRequiredService<IOptions<RetentionOptions>>().Value;
        Assert.Equal((TimeSpan.FromMinutes(15), true, 250), (options.Interval, options.DryRun, options.BatchSize));
    }

    [Fact]
    public async Task A_reload_with_invalid_settings_keeps_the_last_good_ones_and_a_later_valid_one_applies()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["PrivacyGuard:Retention:Interval"] = "00:15:00",
            ["PrivacyGuard:Retention:BatchSize"] = "100",
        }).Build();
        await using var provider = ProviderWith(configuration);
        var settings = provider.GetRequiredService<LastGoodOptions<RetentionOptions>>();
        Assert.Equal(100, settings.Current.BatchSize);

        // A reload must neither throw (it would stop the background service, and with it the host) nor apply bad values.
        configuration["PrivacyGuard:Retention:BatchSize"] = "0";
        configuration["PrivacyGuard:Retention:Interval"] = "-00:00:01";
        configuration.Reload();
        Assert.Equal((100, TimeSpan.FromMinutes(15)), (settings.Current.BatchSize, settings.Current.Interval));

        configuration["PrivacyGuard:Retention:BatchSize"] = "250";
        configuration["PrivacyGuard:Retention:Interval"] = "00:05:00";
        configuration.Reload();
        Assert.Equal((250, TimeSpan.FromMinutes(5)), (settings.Current.BatchSize, settings.Current.Interval));
    }

    private static ServiceProvider ProviderWith(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddDbContext<RetentionDbContext>((sp, o) => o.UseSqlite("Data Source=:memory:").UsePrivacyGuard(sp));
        services.AddPrivacyGuard(keys =>
        {
            keys.CurrentKeyId = "ka";
            keys.Keys["ka"] = TestKeys.SecretA;
        }).AddPrivacyStore(o => o.DataDirectory = Path.GetTempPath()).AddEntityFrameworkCore().AddRetention<RetentionDbContext>(configuration);
        return services.BuildServiceProvider();
    }

    private sealed class ModelContext<TEntity>(DbContextOptions options, Action<ModelBuilder>? configure) : DbContext(options)
        where TEntity : class
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<TEntity>();
            configure?.Invoke(modelBuilder);
        }
    }

    [RetainFor("365 days", nameof(CreatedAt))]
    public sealed class BadDuration
    {
        public int Id { get; set; }

        public DateTime CreatedAt { get; set; }
    }

    [RetainFor("PT0S", nameof(CreatedAt))]
    public sealed class ZeroDuration
    {
        public int Id { get; set; }

        public DateTime CreatedAt { get; set; }
    }

    [RetainFor("P30D", nameof(CreatedAt))]
    public sealed class TextTimestamp
    {
        public int Id { get; set; }

        public string CreatedAt { get; set; } = "";
    }

    [RetainFor("P30D", "Created")]
    public sealed class MissingTimestamp
    {
        public int Id { get; set; }
    }

    public sealed class FluentNegative
    {
        public int Id { get; set; }

        public DateTime At { get; set; }
    }
}
