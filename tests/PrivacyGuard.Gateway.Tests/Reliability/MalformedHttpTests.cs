using System.Globalization;
using System.Text.Json.Nodes;
using PrivacyGuard.Pseudonymization;

using PrivacyGuard.Tests;

namespace PrivacyGuard.Gateway.Tests.Reliability;

/// <summary>
/// Bad input at the HTTP layer, sent over a raw socket: each is refused with its 4xx, the upstream receives nothing it
/// should not, the answer echoes none of the input, and the gateway goes on serving.
/// </summary>
public class MalformedHttpTests
{
    private const int MaxBodyBytes = 256;

    private static readonly string CanaryJson = $$"""{"email":"{{Scenario.CanaryEmail}}","ip":"{{Scenario.CanaryIp}}"}""";

    private static JsonObject Policy() => new()
    {
        ["MaxBodyBytes"] = MaxBodyBytes,
        ["RequestBody"] = new JsonArray { Scenario.Rule("$.email", "Email"), Scenario.Rule("$.ip", "IpAddress") },
    };

    private static async Task<(RecordingUpstream Upstream, GatewayHost Gateway)> StartAsync()
    {
        var upstream = await RecordingUpstream.StartAsync();
        var settings = Scenario.Settings(upstream.Address, Policy()).WithRoute("plain", "/plain/{**rest}", upstream.Address, policy: null);
        return (upstream, await GatewayHost.StartAsync(settings));
    }

    [Fact]
    public async Task A_request_with_101_headers_is_refused_with_431_and_never_proxied()
    {
        var (upstream, gateway) = await StartAsync();
        await using (upstream)
        await using (gateway)
        {
            var headers = Enumerable.Range(0, 101).Select(i => $"X-Canary-{i}: {Scenario.CanaryEmail}").ToArray();

            var response = await RawHttp.SendAsync(gateway.Address, RawHttp.Head("GET", "/api/orders", headers));

            AssertRefusedByKestrel(response, 431);
            Assert.Empty(upstream.Received);
            await AssertServingAsync(gateway, upstream, response);
        }
    }

    [Fact]
    public async Task Headers_totalling_33_KB_are_refused_with_431_and_never_proxied()
    {
        var (upstream, gateway) = await StartAsync();
        await using (upstream)
        await using (gateway)
        {
            var value = string.Concat(Enumerable.Repeat(Scenario.CanaryEmail + ";", 5500 / (Scenario.CanaryEmail.Length + 1)));
            var headers = Enumerable.Range(0, 6).Select(i => $"X-Canary-{i}: {value}").ToArray();
            Assert.InRange(headers.Sum(h => h.Length + 2), 33 * 1000, 34 * 1024);

            var response = await RawHttp.SendAsync(gateway.Address, RawHttp.Head("GET", "/api/orders", headers));

            AssertRefusedByKestrel(response, 431);
            Assert.Empty(upstream.Received);
            await AssertServingAsync(gateway, upstream, response);
        }
    }

    [Fact]
    public async Task A_9_KB_request_line_is_refused_with_414_and_never_proxied()
    {
        var (upstream, gateway) = await StartAsync();
        await using (upstream)
        await using (gateway)
        {
            var target = $"/api/orders?email={Scenario.CanaryEmail}&ip={Scenario.CanaryIp}&pad={new string('x', 9 * 1024)}";

            var response = await RawHttp.SendAsync(gateway.Address, RawHttp.Head("GET", target));

            AssertRefusedByKestrel(response, 414);
            Assert.Empty(upstream.Received);
            await AssertServingAsync(gateway, upstream, response);
        }
    }

    [Fact]
    public async Task Content_length_with_chunked_transfer_encoding_never_reaches_the_upstream_raw_or_framed_twice()
    {
        var (upstream, gateway) = await StartAsync();
        await using (upstream)
        await using (gateway)
        {
            var chunked = Chunk(CanaryJson) + "0\r\n\r\n";
            var head = RawHttp.Head("POST", "/api/users", "Content-Type: application/json", $"Content-Length: {chunked.Length.ToString(CultureInfo.InvariantCulture)}", "Transfer-Encoding: chunked");

            var response = await RawHttp.SendAsync(gateway.Address, head + chunked);

            // Kestrel follows RFC 9112: Transfer-Encoding wins, Content-Length is ignored, and the connection is closed after
            // the answer. The body is rewritten like any other and forwarded with one framing only.
            Assert.Equal([200], response.Statuses);
            Assert.Contains("\r\nConnection: close\r\n", response.Text, StringComparison.OrdinalIgnoreCase);
            var received = Assert.Single(upstream.Received);
            AssertFramedOnce(received);
            Assert.Equal(received.Body.Length.ToString(CultureInfo.InvariantCulture), received.Headers["Content-Length"]);
            Assert.EndsWith("@" + EmailPseudonymizer.PseudonymizedDomain, JsonNode.Parse(received.Body)!["email"]!.GetValue<string>());
            Canaries.AssertAbsent(received);
            await AssertServingAsync(gateway, upstream, response);
        }
    }

    [Fact]
    public async Task A_request_hidden_behind_a_short_content_length_in_a_chunked_body_is_never_proxied_as_a_request()
    {
        var (upstream, gateway) = await StartAsync();
        await using (upstream)
        await using (gateway)
        {
            // Framed by Content-Length, the body ends after the first chunk's size line and the chunk data reads as a second
            // request; framed by Transfer-Encoding (RFC 9112), it is all body.
            var hidden = RawHttp.Head("GET", "/plain/smuggled");
            var sizeLine = hidden.Length.ToString("x", CultureInfo.InvariantCulture) + "\r\n";
            var body = sizeLine + hidden + "\r\n0\r\n\r\n";
            var head = RawHttp.Head("POST", "/plain/upload", "Content-Type: text/plain", $"Content-Length: {sizeLine.Length.ToString(CultureInfo.InvariantCulture)}", "Transfer-Encoding: chunked");

            var response = await RawHttp.SendAsync(gateway.Address, head + body);

            Assert.Equal([200], response.Statuses);
            var received = Assert.Single(upstream.Received);
            Assert.Equal("/plain/upload", received.Path);
            Assert.Equal(hidden, System.Text.Encoding.Latin1.GetString(received.Body));
            AssertFramedOnce(received);
            await AssertServingAsync(gateway, upstream, response);
        }
    }

    [Theory]
    [InlineData("/api/users")]
    [InlineData("/plain/upload")]
    public async Task A_bare_LF_in_a_chunk_extension_is_refused_with_400_and_never_proxied(string path)
    {
        var (upstream, gateway) = await StartAsync();
        await using (upstream)
        await using (gateway)
        {
            var body = $"{CanaryJson.Length.ToString("x", CultureInfo.InvariantCulture)};ext\n{CanaryJson}\r\n0\r\n\r\n";
            var head = RawHttp.Head("POST", path, "Content-Type: application/json", "Transfer-Encoding: chunked");

            var response = await RawHttp.SendAsync(gateway.Address, head + body);

            AssertRefusedByKestrel(response, 400);
            Assert.Empty(upstream.Received);
            await AssertServingAsync(gateway, upstream, response);
        }
    }

    [Fact]
    public async Task A_body_over_the_routes_limit_is_refused_with_413_and_the_unread_rest_is_never_parsed_as_a_request()
    {
        var (upstream, gateway) = await StartAsync();
        await using (upstream)
        await using (gateway)
        {
            // The tail after the limit holds a complete request: it must not be served once the body is refused.
            var tail = RawHttp.Head("GET", $"/api/smuggled?email={Scenario.CanaryEmail}");
            var json = $$"""{"email":"{{Scenario.CanaryEmail}}","pad":"{{new string('x', MaxBodyBytes)}}"}""";
            var body = Chunk(json) + Chunk(tail) + "0\r\n\r\n";
            var head = RawHttp.Head("POST", "/api/users", "Content-Type: application/json", "Transfer-Encoding: chunked", "Connection: keep-alive");
            var pipelined = RawHttp.Head("GET", "/api/pipelined");

            var response = await RawHttp.SendAsync(gateway.Address, head + body + pipelined);

            // After the refusal Kestrel either drains the rest of the body by its chunked framing (then serves the pipelined
            // request) or closes the connection; the tail inside the body is never a request.
            Assert.Equal(413, response.Status);
            Assert.All(response.Statuses.Skip(1), status => Assert.Equal(200, status));
            Assert.All(upstream.Received, r => Assert.Equal("/api/pipelined", r.Path));
            await AssertServingAsync(gateway, upstream, response);
        }
    }

    /// <summary>The forwarded request carries one framing, Content-Length or Transfer-Encoding, never both.</summary>
    private static void AssertFramedOnce(ReceivedRequest received) =>
        Assert.True(received.Headers.ContainsKey("Content-Length") ^ received.Headers.ContainsKey("Transfer-Encoding"));

    /// <summary>Kestrel's own refusal: the status, no body, and the connection closed.</summary>
    private static void AssertRefusedByKestrel(RawResponse response, int status)
    {
        Assert.Equal([status], response.Statuses);
        Assert.Contains("\r\nContent-Length: 0\r\n", response.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\r\nConnection: close\r\n", response.Text, StringComparison.OrdinalIgnoreCase);
        Assert.EndsWith("\r\n\r\n", response.Text, StringComparison.Ordinal);
    }

    private static string Chunk(string data) => data.Length.ToString("x", CultureInfo.InvariantCulture) + "\r\n" + data + "\r\n";

    /// <summary>The answer holds no canary, and a normal request afterwards (on a new connection) is proxied.</summary>
    private static async Task AssertServingAsync(GatewayHost gateway, RecordingUpstream upstream, RawResponse response)
    {
        Canaries.AssertAbsent(response.Bytes);
        var before = upstream.Received.Count;
        var body = Chunk(CanaryJson) + "0\r\n\r\n";
        var next = await RawHttp.SendAsync(gateway.Address, RawHttp.Head("POST", "/api/after", "Content-Type: application/json", "Transfer-Encoding: chunked") + body);
        Assert.Equal(200, next.Status);
        Assert.Equal(before + 1, upstream.Received.Count);
        var received = upstream.Received[^1];
        Assert.Equal("/api/after", received.Path);
        Assert.EndsWith("@" + EmailPseudonymizer.PseudonymizedDomain, JsonNode.Parse(received.Body)!["email"]!.GetValue<string>());
        Canaries.AssertAbsent(received);
    }
}
