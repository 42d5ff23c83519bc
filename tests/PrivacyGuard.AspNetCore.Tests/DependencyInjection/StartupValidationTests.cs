using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;
using PrivacyGuard.AspNetCore.Forwarding;

namespace PrivacyGuard.AspNetCore.Tests.DependencyInjection;

/// <summary>Bad settings and missing services stop the host at start-up, with messages that name what is wrong.</summary>
public sealed class StartupValidationTests : IAsyncLifetime
{
    private readonly SqliteTestStore _store = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _store.DisposeAsync();

    [Theory]
    [InlineData("PrivacyGuard:ForwardedHeaders:KnownNetworks:1", "10.0.0.1/8", "PrivacyGuard:ForwardedHeaders:KnownNetworks[1] is not a CIDR network")]
    [InlineData("PrivacyGuard:ForwardedHeaders:KnownProxies:0", "10.0.0.1:80", "PrivacyGuard:ForwardedHeaders:KnownProxies[0] is not an IP address")]
    [InlineData("PrivacyGuard:ClientAddress:Treatment", "Encrypt", "PrivacyGuard:ClientAddress")]
    [InlineData("PrivacyGuard:ClientAddress:Purpose", "no spaces", "PrivacyGuard:ClientAddress:Purpose")]
    [InlineData("PrivacyGuard:Subject:Source", "Claim", "PrivacyGuard:Subject:Name is required when PrivacyGuard:Subject:Source is Claim")]
    [InlineData("PrivacyGuard:DefaultPurpose", "LegalObligation", "PrivacyGuard:DefaultPurpose cannot be LegalObligation")]
    [InlineData("PrivacyGuard:DefaultPurpose", "not a purpose!", "PrivacyGuard:DefaultPurpose must be")]
    public async Task An_invalid_setting_stops_the_host_with_a_message_naming_it(string key, string value, string message)
    {
        var settings = new Dictionary<string, string?>
        {
            ["PrivacyGuard:ForwardedHeaders:KnownNetworks:0"] = "10.0.0.0/8",
            [key] = value,
        };

        var error = await Assert.ThrowsAnyAsync<Exception>(() => StartAsync(settings));

        Assert.Contains(message, Flatten(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsePrivacyGuard_without_an_access_log_stops_the_host()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            EdgeHost.StartAsync(_store, new Dictionary<string, string?>(), _ => { }, registerAccessLog: false));

        Assert.Contains("needs an IAccessLog", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Valid_settings_start_the_host()
    {
        await using var host = await StartAsync(new Dictionary<string, string?>
        {
            ["PrivacyGuard:ForwardedHeaders:KnownProxies:0"] = "::ffff:10.0.0.1",
            ["PrivacyGuard:ForwardedHeaders:KnownNetworks:0"] = "2001:db8::/32",
            ["PrivacyGuard:ForwardedHeaders:Headers"] = "Forwarded, XForwardedFor",
            ["PrivacyGuard:ClientAddress:Treatment"] = "PrefixPreserving",
            ["PrivacyGuard:Subject:Source"] = "Header",
            ["PrivacyGuard:Subject:Name"] = "X-Subject-Id",
            ["PrivacyGuard:DefaultPurpose"] = "communication",
        });

        var options = (IOptions<PrivacyGuardMiddlewareOptions>)host.Services.GetService(typeof(IOptions<PrivacyGuardMiddlewareOptions>))!;
        Assert.Equal(ForwardedHeaderKinds.Forwarded | ForwardedHeaderKinds.XForwardedFor, options.Value.ForwardedHeaders.Headers);
        Assert.Equal("2001:db8::/32", Assert.Single(options.Value.ForwardedHeaders.KnownNetworks));
    }

    private Task<KestrelHost> StartAsync(Dictionary<string, string?> settings) =>
        EdgeHost.StartAsync(_store, settings, app => app.MapGet("/", () => "ok"));

    private static string Flatten(Exception error) => error switch
    {
        OptionsValidationException validation => string.Join(" | ", validation.Failures),
        AggregateException aggregate => string.Join(" | ", aggregate.InnerExceptions.Select(Flatten)),
        _ => error.Message + (error.InnerException is null ? string.Empty : " | " + Flatten(error.InnerException)),
    };
}
