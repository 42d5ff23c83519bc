using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace PrivacyGuard.EntityFrameworkCore.Tests.DependencyInjection;

public class PrivacyStoreOptionsTests
{
    private static OptionsValidationException Invalid(Action<PrivacyStoreOptions> configure)
    {
        using var provider = StoreInstances.Build(configure);
        return Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PrivacyStoreOptions>>().Value);
    }

    [Fact]
    public void PostgreSql_without_a_connection_string_is_refused_naming_the_setting()
    {
        var error = Invalid(o => o.Provider = PrivacyStoreProvider.PostgreSql);

        Assert.Contains("PrivacyGuard:Store:ConnectionString is required when Provider is PostgreSql", error.Message);
    }

    [Fact]
    public void A_malformed_connection_string_is_refused_without_echoing_it()
    {
        var error = Invalid(o =>
        {
            o.Provider = PrivacyStoreProvider.PostgreSql;
            o.ConnectionString = "Host=db;Password=hunter2-secret;Port=not-a-number";
        });

        Assert.Contains("PrivacyGuard:Store:ConnectionString", error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Privacy")]
    [InlineData("x; DROP SCHEMA public")]
    public void An_invalid_schema_is_refused_naming_the_setting(string schema)
    {
        var error = Invalid(o =>
        {
            o.Provider = PrivacyStoreProvider.PostgreSql;
            o.ConnectionString = "Host=db";
            o.Schema = schema;
        });

        Assert.Contains("PrivacyGuard:Store:Schema", error.Message);
    }

    [Fact]
    public void Other_settings_are_checked_too()
    {
        var error = Invalid(o =>
        {
            o.Provider = (PrivacyStoreProvider)7;
            o.CommandTimeout = TimeSpan.Zero;
        });

        Assert.Contains("PrivacyGuard:Store:Provider", error.Message);
        Assert.Contains("PrivacyGuard:Store:CommandTimeout", error.Message);
    }

    [Fact]
    public void Configuration_binds_the_store_section_and_defaults_to_a_sqlite_file_of_its_own()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["PrivacyGuard:Store:DataDirectory"] = Path.Combine(Path.GetTempPath(), "privacyguard-unused"),
            ["PrivacyGuard:Store:ApplyMigrationsAtStartup"] = "false",
            ["PrivacyGuard:Store:CommandTimeout"] = "00:00:05",
        }).Build();
        var services = new ServiceCollection();
        services.AddPrivacyGuard(keys => keys.CurrentKeyId = "ka").AddPrivacyStore(configuration);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<PrivacyStoreOptions>>().Value;

        Assert.Equal(PrivacyStoreProvider.Sqlite, options.Provider);
        Assert.Null(options.ConnectionString);
        Assert.False(options.ApplyMigrationsAtStartup);
        Assert.Equal(TimeSpan.FromSeconds(5), options.CommandTimeout);
        Assert.Equal("privacyguard", options.Schema);
    }
}
