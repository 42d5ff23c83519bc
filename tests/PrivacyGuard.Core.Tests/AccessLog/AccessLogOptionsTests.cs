using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PrivacyGuard.AccessLog;

namespace PrivacyGuard.Tests.AccessLog;

public class AccessLogOptionsTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        settings["PrivacyGuard:KeyRing:CurrentKeyId"] = "k1";
        settings["PrivacyGuard:KeyRing:Keys:k1"] = TestKeys.SecretA;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IAccessLogStore, MemoryAccessLogStore>();
        services.AddPrivacyGuard(configuration).AddAccessLog(configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Settings_bind_from_the_PrivacyGuard_AccessLog_section()
    {
        using var provider = Build(new() { ["PrivacyGuard:AccessLog:OnFailure"] = "LogOnly", ["PrivacyGuard:AccessLog:MaxBatchSize"] = "50" });
        var options = provider.GetRequiredService<IOptions<AccessLogOptions>>().Value;
        Assert.Equal((AccessLogFailureMode.LogOnly, 50), (options.OnFailure, options.MaxBatchSize));
    }

    [Fact]
    public void The_default_is_to_refuse_when_the_log_cannot_be_written()
    {
        using var provider = Build([]);
        Assert.Equal(AccessLogFailureMode.Refuse, provider.GetRequiredService<IOptions<AccessLogOptions>>().Value.OnFailure);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("10001")]
    public void An_invalid_batch_size_is_refused_naming_the_setting(string size)
    {
        using var provider = Build(new() { ["PrivacyGuard:AccessLog:MaxBatchSize"] = size });
        var refused = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AccessLogOptions>>().Value);
        Assert.Contains("PrivacyGuard:AccessLog:MaxBatchSize", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_registered_log_and_reader_work_over_the_registered_store()
    {
        await using var provider = Build([]);
        var log = provider.GetRequiredService<IAccessLog>();
        await log.RecordAsync(AccessLogFixture.Event(0), TestContext.Current.CancellationToken);
        Assert.True((await provider.GetRequiredService<IAccessLogReader>().VerifyAsync(TestContext.Current.CancellationToken)).IsValid);
    }
}
