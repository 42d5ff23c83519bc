using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using PrivacyGuard.AspNetCore.Problems;
using PrivacyGuard.Pseudonymization;

namespace PrivacyGuard.Gateway.Tests;

public class RequestBodyTests
{
    private static JsonObject Policy(long maxBodyBytes = 1024 * 1024) => new()
    {
        ["MaxBodyBytes"] = maxBodyBytes,
        ["RequestBody"] = new JsonArray
        {
            Scenario.Rule("$.email", "Email"),
            Scenario.Rule("$.name", "Name", "Redact"),
            Scenario.Rule("$..ip", "IpAddress", "Truncate"),
        },
    };

    private static readonly string Canary = $$"""{"email":"{{Scenario.CanaryEmail}}","name":"{{Scenario.CanaryName}}","device":{"ip":"{{Scenario.CanaryIp}}"},"n":1}""";

    private static StringContent Json(string json, string contentType = "application/json") => new(json, Encoding.UTF8, contentType);

    private static async Task<(HttpResponseMessage Response, string Body)> PostAsync(GatewayHost gateway, HttpContent content)
    {
        var response = await gateway.Client.PostAsync("api/users", content, TestContext.Current.CancellationToken);
        return (response, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_json_request_body_is_rewritten_before_the_upstream_sees_it_with_a_matching_content_length()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(Scenario.Settings(upstream.Address, Policy()));

        var (response, _) = await PostAsync(gateway, Json(Canary));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(upstream.Received);
        var body = JsonNode.Parse(received.Body)!;
        Assert.EndsWith("@" + EmailPseudonymizer.PseudonymizedDomain, body["email"]!.GetValue<string>());
        Assert.Null(body["name"]);
        Assert.Equal("203.0.113.0", body["device"]!["ip"]!.GetValue<string>());
        Assert.Equal(1, body["n"]!.GetValue<int>());
        Assert.Equal(received.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), received.Headers["Content-Length"]);
        Assert.False(received.Headers.ContainsKey("Transfer-Encoding"));
        Canaries.AssertAbsent(received.Body);
    }

    [Fact]
    public async Task A_chunked_request_body_without_content_length_is_rewritten_and_forwarded_with_one()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(Scenario.Settings(upstream.Address, Policy()));
        using var content = new StreamContent(new UnseekableStream(Encoding.UTF8.GetBytes(Canary)));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/users") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await gateway.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(upstream.Received);
        Assert.Equal(received.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), received.Headers["Content-Length"]);
        Assert.False(received.Headers.ContainsKey("Transfer-Encoding"));
        Assert.EndsWith("@" + EmailPseudonymizer.PseudonymizedDomain, JsonNode.Parse(received.Body)!["email"]!.GetValue<string>());
        Canaries.AssertAbsent(received.Body);
    }

    [Theory]
    [InlineData("{\"email\":\"canary.jane@example.com\"", HttpStatusCode.BadRequest, PrivacyProblemTypes.MalformedBody)]
    [InlineData("{\"email\":42,,}", HttpStatusCode.BadRequest, PrivacyProblemTypes.MalformedBody)]
    [InlineData("{\"email\":\"Jane Canary, not an address\"}", HttpStatusCode.BadRequest, PrivacyProblemTypes.UnsupportedValue)]
    public async Task A_body_that_cannot_be_rewritten_is_refused_and_never_forwarded(string json, HttpStatusCode status, string type)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(Scenario.Settings(upstream.Address, Policy()));

        var (response, body) = await PostAsync(gateway, Json(json));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(PrivacyProblemWriter.ContentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(type, body);
        Canaries.AssertAbsent(Encoding.UTF8.GetBytes(body));
        Assert.Empty(upstream.Received);
    }

    [Fact]
    public async Task A_body_nested_deeper_than_the_limit_is_refused_with_400()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(Scenario.Settings(upstream.Address, Policy()));

        var (response, body) = await PostAsync(gateway, Json(new string('[', 200) + new string(']', 200)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(PrivacyProblemTypes.BodyTooDeep, body);
        Assert.Empty(upstream.Received);
    }

    [Fact]
    public async Task A_body_over_max_body_bytes_is_refused_with_413_with_or_without_content_length()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(Scenario.Settings(upstream.Address, Policy(maxBodyBytes: 256)));
        var large = $$"""{"email":"{{Scenario.CanaryEmail}}","pad":"{{new string('x', 400)}}"}""";

        var (declared, declaredBody) = await PostAsync(gateway, Json(large));
        using var content = new StreamContent(new UnseekableStream(Encoding.UTF8.GetBytes(large)));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/users") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var chunked = await gateway.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
        Assert.Contains(PrivacyProblemTypes.BodyTooLarge, declaredBody);
        Assert.Contains("larger than the 256 bytes", declaredBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunked.StatusCode);
        Assert.Empty(upstream.Received);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json; charset=utf-16")]
    public async Task A_non_json_body_on_a_route_with_request_rules_is_refused_with_415(string contentType)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(Scenario.Settings(upstream.Address, Policy()));
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes($"email={Scenario.CanaryEmail}"));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var (response, body) = await PostAsync(gateway, content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains(PrivacyProblemTypes.UnsupportedMediaType, body);
        Assert.Empty(upstream.Received);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData(null)]
    public async Task A_chunked_request_with_no_bytes_passes_as_a_request_without_a_body(string? contentType)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(Scenario.Settings(upstream.Address, Policy()));
        using var content = new StreamContent(new UnseekableStream([]));
        content.Headers.ContentType = contentType is null ? null : new(contentType);
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/users") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await gateway.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(upstream.Received);
        Assert.Empty(received.Body);
        Assert.Equal("0", received.Headers["Content-Length"]);
        Assert.False(received.Headers.ContainsKey("Transfer-Encoding"));
    }

    [Fact]
    public async Task A_chunked_non_json_body_is_still_refused_with_415()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(Scenario.Settings(upstream.Address, Policy()));
        using var content = new StreamContent(new UnseekableStream(Encoding.UTF8.GetBytes($"email={Scenario.CanaryEmail}")));
        content.Headers.ContentType = new("text/plain");
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/users") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await gateway.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Empty(upstream.Received);
    }

    [Fact]
    public async Task A_request_without_a_body_passes_on_a_route_with_request_rules()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(Scenario.Settings(upstream.Address, Policy()));

        using var response = await gateway.Client.GetAsync("api/users", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(Assert.Single(upstream.Received).Body);
    }
}
