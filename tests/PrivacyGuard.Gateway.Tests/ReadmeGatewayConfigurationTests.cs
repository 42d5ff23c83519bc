using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using PrivacyGuard.Tests;

namespace PrivacyGuard.Gateway.Tests;

/// <summary>
/// README.md's "Put the gateway in front" configuration, read from the README itself, starts the gateway and does what
/// the README says; only the secrets, the store and the upstream addresses are replaced for the test.
/// </summary>
public sealed class ReadmeGatewayConfigurationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_README_gateway_configuration_starts_and_rewrites_the_routes_it_names()
    {
        await using var accounts = await RecordingUpstream.StartAsync();
        await using var vendor = await RecordingUpstream.StartAsync();
        var settings = JsonNode.Parse(ReadmeBlocks.BlockAfter(ReadmeBlocks.Readme(), "## Put the gateway in front", "json"))!.AsObject();
        var privacy = settings["PrivacyGuard"]!.AsObject();
        privacy["KeyRing"] = new JsonObject { ["CurrentKeyId"] = "ka", ["Keys"] = new JsonObject { ["ka"] = TestKeys.SecretA } };
        privacy.Remove("Store");
        privacy["Admin"]!["ApiKeys"]!["ops"]!["Key"] = new string('k', 40);
        var clusters = settings["ReverseProxy"]!["Clusters"]!;
        clusters["accounts"]!["Destinations"]!["d1"]!["Address"] = accounts.Address.ToString();
        clusters["vendor"]!["Destinations"]!["d1"]!["Address"] = vendor.Address.ToString();
        await using var gateway = await GatewayHost.StartAsync(settings);

        using var signUp = new StringContent("{\"email\":\"jane.doe@example.com\",\"contacts\":[{\"email\":\"john@example.com\"}]}", Encoding.UTF8, "application/json");
        using var accountResponse = await gateway.Client.PostAsync("accounts/42/profile", signUp, Ct);
        using var export = new StringContent("{\"rows\":[{\"name\":\"Jane Doe\",\"email\":\"jane.doe@example.com\",\"plan\":\"pro\"}]}", Encoding.UTF8, "application/json");
        using var vendorResponse = await gateway.Client.PostAsync("export/daily", export, Ct);

        Assert.Equal(HttpStatusCode.OK, accountResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, vendorResponse.StatusCode);
        var accountBody = Encoding.UTF8.GetString(Assert.Single(accounts.Received).Body);
        var vendorBody = Encoding.UTF8.GetString(Assert.Single(vendor.Received).Body);
        Assert.DoesNotContain("example.com", accountBody);
        Assert.Contains("pseudonymized.invalid", accountBody);
        Assert.DoesNotContain("Jane", vendorBody);
        Assert.DoesNotContain("example.com", vendorBody);
        Assert.Contains("\"plan\":\"pro\"", vendorBody);
    }
}
