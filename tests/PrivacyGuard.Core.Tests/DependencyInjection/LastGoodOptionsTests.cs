using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PrivacyGuard.Tests.AccessLog;

namespace PrivacyGuard.Tests.DependencyInjection;

public sealed class LastGoodOptionsTests
{
    [Fact]
    public void A_reload_the_binder_cannot_read_keeps_the_last_good_value_and_logs_no_raw_value()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sample:Enabled"] = "true",
            ["Sample:Limit"] = "5",
        }).Build();
        var logs = new CapturingLoggerFactory();
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(logs);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddOptions<SampleOptions>().Bind(configuration.GetSection("Sample")).Validate(o => o.Limit > 0, "Sample:Limit must be positive.");
        services.AddSingleton<LastGoodOptions<SampleOptions>>();
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<LastGoodOptions<SampleOptions>>();

        // Neither reload may throw: the change callback runs on the configuration's reload path.
        configuration["Sample:Enabled"] = "secret-looking-value";
        configuration.Reload();
        Assert.Equal((true, 5), (options.Current.Enabled, options.Current.Limit));

        configuration["Sample:Enabled"] = "false";
        configuration["Sample:Limit"] = "0";
        configuration.Reload();
        Assert.Equal((true, 5), (options.Current.Enabled, options.Current.Limit));

        configuration["Sample:Limit"] = "7";
        configuration.Reload();
        Assert.Equal((false, 7), (options.Current.Enabled, options.Current.Limit));

        var warnings = logs.Entries.Where(e => e.Category.StartsWith("PrivacyGuard.LastGoodOptions", StringComparison.Ordinal)).ToList();
        Assert.Equal([91, 90], warnings.Select(e => e.EventId.Id));
        Assert.Contains("Sample:Limit must be positive.", warnings[1].Message, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("secret-looking-value", StringComparison.Ordinal));
    }

    private sealed class SampleOptions
    {
        public bool Enabled { get; set; }

        public int Limit { get; set; }
    }
}
