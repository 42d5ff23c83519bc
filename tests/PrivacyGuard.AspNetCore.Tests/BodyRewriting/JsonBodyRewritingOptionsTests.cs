using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PrivacyGuard.AspNetCore.BodyRewriting;
using PrivacyGuard.Json;
using PrivacyGuard.Tests;

namespace PrivacyGuard.AspNetCore.Tests.BodyRewriting;

public class JsonBodyRewritingOptionsTests
{
    [Theory]
    [InlineData("MaxBodyBytes", "0")]
    [InlineData("MaxDepth", "0")]
    [InlineData("MaxDepth", "5000")]
    public async Task Invalid_settings_stop_start_up_with_the_setting_named(string setting, string value)
    {
        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => KestrelHost.StartAsync(
            builder => AddRewriting(builder.Services, new() { [$"PrivacyGuard:Json:{setting}"] = value }),
            app => app.UseJsonBodyRewriting(),
            TestContext.Current.CancellationToken));
        Assert.Contains($"PrivacyGuard:Json:{setting}", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_bind_from_the_PrivacyGuard_Json_section()
    {
        var services = new ServiceCollection();
        AddRewriting(services, new() { ["PrivacyGuard:Json:MaxBodyBytes"] = "2048", ["PrivacyGuard:Json:MaxDepth"] = "8", ["PrivacyGuard:Json:NonStringValues"] = "Refuse" });
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<JsonBodyRewritingOptions>>().Value;
        Assert.Equal((2048, 8, JsonNonStringValueHandling.Refuse), (options.MaxBodyBytes, options.MaxDepth, options.NonStringValues));
    }

    private static void AddRewriting(IServiceCollection services, Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        services.AddPrivacyGuard(keys =>
        {
            keys.CurrentKeyId = "ka";
            keys.Keys["ka"] = TestKeys.SecretA;
        }).AddJsonBodyRewriting(configuration.GetSection(JsonBodyRewritingOptions.SectionName));
    }
}
