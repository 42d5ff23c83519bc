using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using PrivacyGuard.Gateway.Bodies;
using PrivacyGuard.Pseudonymization;

namespace PrivacyGuard.Gateway.Tests;

public class ResponseBodyTests
{
    private static readonly byte[] Canary = Encoding.UTF8.GetBytes(
        $$"""{"id":7,"email":"{{Scenario.CanaryEmail}}","name":"{{Scenario.CanaryName}}","logins":[{"ip":"{{Scenario.CanaryIp}}"}]}""");

    private static JsonObject Policy(string compressed = "Rewrite", long maxBodyBytes = 1024 * 1024) => new()
    {
        ["MaxBodyBytes"] = maxBodyBytes,
        ["CompressedResponses"] = compressed,
        ["ResponseBody"] = new JsonArray
        {
            Scenario.Rule("$.email", "Email"),
            Scenario.Rule("$.name", "Name", "Redact"),
            Scenario.Rule("$.logins[*].ip", "IpAddress", "Truncate"),
        },
    };

    private static void Respond(RecordingUpstream upstream, byte[] body, string contentType = "application/json", string? encoding = null) =>
        upstream.Respond = _ => (200, contentType, body, encoding is null ? null : new Dictionary<string, string> { ["Content-Encoding"] = encoding });

    private static byte[] Encode(byte[] plain, string encoding)
    {
        using var output = new MemoryStream();
        using (Stream encoder = encoding == "gzip" ? new GZipStream(output, CompressionLevel.Optimal) : new BrotliStream(output, CompressionLevel.Optimal))
        {
            encoder.Write(plain);
        }

        return output.ToArray();
    }

    private static byte[] Decode(byte[] encoded, string encoding)
    {
        using var input = new MemoryStream(encoded);
        using Stream decoder = encoding == "gzip" ? new GZipStream(input, CompressionMode.Decompress) : new BrotliStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        decoder.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>A client that leaves the response bytes as they arrive (no automatic decompression).</summary>
    private static async Task<(HttpResponseMessage Response, byte[] Body)> GetRawAsync(GatewayHost gateway)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/me");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, br");
        var response = await gateway.Client.SendAsync(request, TestContext.Current.CancellationToken);
        return (response, await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    private static void AssertRewritten(byte[] json)
    {
        var body = JsonNode.Parse(json)!;
        Assert.Equal(7, body["id"]!.GetValue<int>());
        Assert.EndsWith("@" + EmailPseudonymizer.PseudonymizedDomain, body["email"]!.GetValue<string>());
        Assert.Null(body["name"]);
        Assert.Equal("203.0.113.0", body["logins"]![0]!["ip"]!.GetValue<string>());
        Canaries.AssertAbsent(json);
    }

    [Fact]
    public async Task A_json_response_is_rewritten_before_the_client_sees_it_with_a_matching_content_length()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(Scenario.Settings(upstream.Address, Policy()));
        Respond(upstream, Canary);

        var (response, body) = await GetRawAsync(gateway);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        AssertRewritten(body);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    public async Task A_compressed_response_is_decompressed_rewritten_and_recompressed(string encoding)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(Scenario.Settings(upstream.Address, Policy()));
        Respond(upstream, Encode(Canary, encoding), encoding: encoding);

        var (response, body) = await GetRawAsync(gateway);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(encoding, Assert.Single(response.Content.Headers.ContentEncoding));
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        AssertRewritten(Decode(body, encoding));
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    public async Task A_compressed_response_is_refused_with_502_when_the_policy_refuses_compression(string encoding)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(Scenario.Settings(upstream.Address, Policy(compressed: "Refuse")));
        Respond(upstream, Encode(Canary, encoding), encoding: encoding);

        var (response, body) = await GetRawAsync(gateway);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Contains(GatewayProblemTypes.UnrewritableResponse, Encoding.UTF8.GetString(body));
        Assert.Equal("identity", Assert.Single(upstream.Received).Headers["Accept-Encoding"]);
    }

    [Theory]
    [InlineData("gzip, deflate, br, zstd", "gzip, br")]
    [InlineData("zstd;q=1.0, deflate;q=0.9, br;q=0.5", "br; q=0.5")]
    [InlineData("deflate, *", "identity")]
    public async Task The_upstream_is_offered_only_the_codings_the_gateway_can_rewrite(string clientOffer, string forwarded)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(Scenario.Settings(upstream.Address, Policy()));
        // An upstream that prefers zstd, then deflate, then br, then gzip, like many servers with every encoder enabled.
        upstream.Respond = received =>
        {
            var offered = received.Headers.GetValueOrDefault("Accept-Encoding") ?? "";
            var coding = new[] { "zstd", "deflate", "br", "gzip" }.FirstOrDefault(c => offered.Contains(c, StringComparison.Ordinal));
            return coding is null or "zstd" or "deflate"
                ? (200, "application/json", coding is null ? Canary : Encode(Canary, "gzip"), coding is null ? null : new Dictionary<string, string> { ["Content-Encoding"] = coding })
                : (200, "application/json", Encode(Canary, coding), new Dictionary<string, string> { ["Content-Encoding"] = coding });
        };
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/me");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", clientOffer);

        using var response = await gateway.Client.SendAsync(request, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(forwarded, Assert.Single(upstream.Received).Headers["Accept-Encoding"]);
        var coding = response.Content.Headers.ContentEncoding.SingleOrDefault();
        AssertRewritten(coding is null ? body : Decode(body, coding));
    }

    [Fact]
    public async Task A_range_request_gets_the_whole_rewritten_document()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(Scenario.Settings(upstream.Address, Policy()));
        // An upstream that honours ranges would answer 206 with a part of the document, which no rule can rewrite.
        upstream.Respond = received => received.Headers.ContainsKey("Range")
            ? (206, "application/json", Canary[..10], new Dictionary<string, string> { ["Content-Range"] = $"bytes 0-9/{Canary.Length}" })
            : (200, "application/json", Canary, null);
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/me");
        request.Headers.TryAddWithoutValidation("Range", "bytes=0-9");
        request.Headers.TryAddWithoutValidation("If-Range", "\"v1\"");

        using var response = await gateway.Client.SendAsync(request, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(upstream.Received);
        Assert.False(received.Headers.ContainsKey("Range"));
        Assert.False(received.Headers.ContainsKey("If-Range"));
        AssertRewritten(body);
    }

    public static TheoryData<string, byte[], string?> Unrewritable => new()
    {
        { "text/html", Encoding.UTF8.GetBytes($"<p>{Scenario.CanaryEmail}</p>"), null },
        { "application/json", Encoding.UTF8.GetBytes($"{{\"email\":\"{Scenario.CanaryEmail}\""), null },
        { "application/json", Encoding.UTF8.GetBytes($"{{\"email\":\"{Scenario.CanaryName}\"}}"), null },
        { "application/json", Encoding.UTF8.GetBytes(new string('[', 100) + $"\"{Scenario.CanaryEmail}\"" + new string(']', 100)), null },
        { "application/json", Encode(Canary, "gzip"), "deflate" },
        { "application/json", Encoding.UTF8.GetBytes($"garbage {Scenario.CanaryEmail}"), "gzip" },
        { "application/json", Canary, "br" },
    };

    [Theory]
    [MemberData(nameof(Unrewritable))]
    public async Task A_response_that_cannot_be_rewritten_becomes_a_502_problem_without_the_raw_body(string contentType, byte[] body, string? encoding)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(Scenario.Settings(upstream.Address, Policy()));
        Respond(upstream, body, contentType, encoding);

        var (response, sent) = await GetRawAsync(gateway);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(GatewayProblemTypes.UnrewritableResponse, Encoding.UTF8.GetString(sent));
        Canaries.AssertAbsent(sent);
    }

    [Fact]
    public async Task A_response_over_max_body_bytes_becomes_a_502_problem_compressed_or_not()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(Scenario.Settings(upstream.Address, Policy(maxBodyBytes: 256)));
        var large = Encoding.UTF8.GetBytes($"{{\"email\":\"{Scenario.CanaryEmail}\",\"pad\":\"{new string('x', 4000)}\"}}");

        Respond(upstream, large);
        var (plain, plainBody) = await GetRawAsync(gateway);
        Respond(upstream, Encode(large, "gzip"), encoding: "gzip");
        var (zipped, zippedBody) = await GetRawAsync(gateway);

        Assert.Equal(HttpStatusCode.BadGateway, plain.StatusCode);
        Assert.Equal(HttpStatusCode.BadGateway, zipped.StatusCode);
        Canaries.AssertAbsent(plainBody);
        Canaries.AssertAbsent(zippedBody);
    }

    [Theory]
    [InlineData("application/json", "")]
    [InlineData("", "")]
    [InlineData("application/json", "gzip")]
    [InlineData("application/json", "br")]
    public async Task An_empty_response_of_unknown_length_or_compressed_passes_with_content_length_0(string contentType, string encoding)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(Scenario.Settings(upstream.Address, Policy()));
        upstream.SendHeadersFirst = encoding.Length == 0;
        Respond(upstream, encoding.Length == 0 ? [] : Encode([], encoding), contentType, encoding.Length == 0 ? null : encoding);

        var (response, body) = await GetRawAsync(gateway);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, response.Content.Headers.ContentLength);
        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Empty(body);
    }

    [Fact]
    public async Task A_non_json_response_of_unknown_length_is_still_refused_with_502()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(Scenario.Settings(upstream.Address, Policy()));
        upstream.SendHeadersFirst = true;
        Respond(upstream, Encoding.UTF8.GetBytes($"<p>{Scenario.CanaryEmail}</p>"), "text/html");

        var (response, body) = await GetRawAsync(gateway);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains(GatewayProblemTypes.UnrewritableResponse, Encoding.UTF8.GetString(body));
        Canaries.AssertAbsent(body);
    }

    [Fact]
    public async Task An_empty_response_passes_on_a_route_with_response_rules()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(Scenario.Settings(upstream.Address, Policy()));
        upstream.Respond = _ => (204, "application/json", [], null);

        var (response, body) = await GetRawAsync(gateway);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(body);
    }
}
