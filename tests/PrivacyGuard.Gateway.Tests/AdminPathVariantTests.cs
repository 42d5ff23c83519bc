using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PrivacyGuard.Restriction;

namespace PrivacyGuard.Gateway.Tests;

/// <summary>
/// With a catch-all proxied route beside the admin API, path variants of an admin call either reach the admin API
/// (and its authorization) or are proxied, and the admin credential never travels to the upstream.
/// </summary>
public class AdminPathVariantTests
{
    private static readonly string AdminKey = new('k', 48);

    [Theory]
    [InlineData("/privacy/subjects/restrict", true)]
    [InlineData("/PRIVACY/Subjects/Restrict", true)]
    [InlineData("/privacy/subjects/restrict/", true)]
    [InlineData("/api/../privacy/subjects/restrict", true)]
    [InlineData("/api/%2E%2E/privacy/subjects/restrict", true)]
    [InlineData("/privacy%2Fsubjects%2Frestrict", false)]
    [InlineData("/api/..%2Fprivacy/subjects/restrict", false)]
    [InlineData("/privacy./subjects/restrict", false)]
    [InlineData("/privacy/subjects/restrict.", false)]
    [InlineData("//privacy/subjects/restrict", false)]
    public async Task An_admin_path_variant_reaches_the_admin_api_or_the_upstream_but_never_carries_the_key_upstream(string path, bool reachesAdmin)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        var settings = GatewayHost.Settings(upstream.Address, new JsonObject(), path: "/{**rest}");
        settings["PrivacyGuard"]!["Admin"] = new JsonObject
        {
            ["Enabled"] = true,
            ["ApiKeys"] = new JsonObject { ["ops"] = new JsonObject { ["Key"] = AdminKey, ["Roles"] = new JsonArray("privacy-admin") } },
        };
        await using var gateway = await GatewayHost.StartAsync(settings);
        var subject = "subject-" + Guid.NewGuid().ToString("n");
        var uri = new Uri(gateway.Address.GetLeftPart(UriPartial.Authority) + path, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });

        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = JsonContent.Create(new { subjectId = subject, reason = "LegalClaims" }) };
        request.Headers.Add("X-PrivacyGuard-Key", AdminKey);
        using var response = await gateway.Client.SendAsync(request, TestContext.Current.CancellationToken);

        var restricted = gateway.App.Services.GetRequiredService<IRestrictionRegistry>().IsRestricted(subject);
        Assert.Equal(reachesAdmin, restricted);
        Assert.Equal(reachesAdmin ? HttpStatusCode.NoContent : HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(reachesAdmin ? 0 : 1, upstream.Received.Count);
        Assert.DoesNotContain(upstream.Received, r => r.Headers.ContainsKey("X-PrivacyGuard-Key"));
    }
}
