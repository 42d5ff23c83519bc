using System.Net;
using Microsoft.Extensions.Options;
using PrivacyGuard.AspNetCore.Admin;

namespace PrivacyGuard.AspNetCore.Tests.Admin;

public class AdminApiConfigurationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task When_not_enabled_nothing_is_mapped()
    {
        await using var host = await AdminApiHost.StartAsync(o => o.Enabled = false);
        using var request = host.Post("privacy/subjects/erase", "{\"subjectId\":\"1\"}");

        using var response = await host.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Enabled_without_any_credential_source_refuses_to_start_naming_the_settings()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => AdminApiHost.StartAsync(o => o.ApiKeys.Clear()));

        Assert.Contains("PrivacyGuard:Admin:ApiKeys", error.Message);
    }

    [Fact]
    public async Task A_short_key_or_an_unknown_role_refuses_to_start_without_showing_the_key()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => AdminApiHost.StartAsync(o =>
        {
            o.ApiKeys["weak"] = new AdminApiKeyOptions { Key = "short-secret", Roles = { "privacy-admin" } };
            o.ApiKeys["odd"] = new AdminApiKeyOptions { Key = new string('k', 40), Roles = { "root" } };
        }));

        Assert.Contains("PrivacyGuard:Admin:ApiKeys:weak:Key must be at least 32 characters", error.Message);
        Assert.Contains("PrivacyGuard:Admin:ApiKeys:odd:Roles", error.Message);
        Assert.DoesNotContain("short-secret", error.Message);
    }

    [Fact]
    public async Task An_authentication_scheme_the_host_did_not_register_refuses_to_start_naming_the_setting()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => AdminApiHost.StartAsync(o => o.AuthenticationSchemes.Add("bearer")));

        Assert.Contains("PrivacyGuard:Admin:AuthenticationSchemes", error.Message);
        Assert.Contains("'bearer'", error.Message);
    }
}
