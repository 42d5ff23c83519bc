using System.Net;
using System.Text.Json.Nodes;

namespace PrivacyGuard.Gateway.Tests;

public class StoreLocationTests
{
    [Fact]
    public async Task A_relative_sqlite_data_directory_is_under_the_content_root()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        var settings = Scenario.Settings(upstream.Address, new JsonObject { ["Subject"] = new JsonObject { ["Header"] = "X-Subject-Id" } })
            .With("Store", new JsonObject { ["DataDirectory"] = "relative-data" });
        await using var gateway = await GatewayHost.StartAsync(settings);

        using var request = new HttpRequestMessage(HttpMethod.Get, "api/x");
        request.Headers.Add("X-Subject-Id", "subject-50");
        using var response = await gateway.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var contentRoot = Path.GetDirectoryName(gateway.SettingsPath)!;
        Assert.True(File.Exists(Path.Combine(contentRoot, "relative-data", "privacyguard.db")));
        Assert.Single(await gateway.AccessEventsOfAsync("subject-50"));
    }
}
