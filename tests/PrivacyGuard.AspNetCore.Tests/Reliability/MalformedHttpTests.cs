using System.Globalization;
using System.Text.Json.Nodes;
using PrivacyGuard.Pseudonymization;

using PrivacyGuard.Tests;

namespace PrivacyGuard.AspNetCore.Tests.Reliability;

/// <summary>
/// Bad input at the HTTP layer, sent over a raw socket to a host with <c>UsePrivacyGuard()</c> and JSON body rewriting:
/// each is refused with its 4xx before an endpoint completes, the answer echoes none of the input, and the host goes on
/// serving.
/// </summary>
public sealed class MalformedHttpTests : IAsyncLifetime
{
    private static readonly string CanaryJson = $$"""{"email":"{{RawHttpApp.CanaryEmail}}","ip":"{{RawHttpApp.CanaryIp}}"}""";

    private readonly SqliteTestStore _store = new();
    private readonly RawHttpApp _app = new();
    private KestrelHost? _host;

    private Uri Address => _host!.Address;

    public async ValueTask InitializeAsync() => _host = await _app.StartAsync(_store);

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        await _store.DisposeAsync();
    }

    [Fact]
    public async Task A_request_with_101_headers_is_refused_with_431_before_any_endpoint()
    {
        var headers = Enumerable.Range(0, 101).Select(i => $"X-Canary-{i}: {RawHttpApp.CanaryEmail}").ToArray();

        var response = await RawHttp.SendAsync(Address, RawHttp.Head("GET", "/ping", headers));

        AssertRefusedByKestrel(response, 431);
        Assert.Empty(_app.Seen);
        await AssertServingAsync(response);
    }

    [Fact]
    public async Task Headers_totalling_33_KB_are_refused_with_431_before_any_endpoint()
    {
        var value = string.Concat(Enumerable.Repeat(RawHttpApp.CanaryEmail + ";", 5500 / (RawHttpApp.CanaryEmail.Length + 1)));
        var headers = Enumerable.Range(0, 6).Select(i => $"X-Canary-{i}: {value}").ToArray();
        Assert.InRange(headers.Sum(h => h.Length + 2), 33 * 1000, 34 * 1024);

        var response = await RawHttp.SendAsync(Address, RawHttp.Head("GET", "/ping", headers));

        AssertRefusedByKestrel(response, 431);
        Assert.Empty(_app.Seen);
        await AssertServingAsync(response);
    }

    [Fact]
    public async Task A_9_KB_request_line_is_refused_with_414_before_any_endpoint()
    {
        var target = $"/ping?email={RawHttpApp.CanaryEmail}&ip={RawHttpApp.CanaryIp}&pad={new string('x', 9 * 1024)}";

        var response = await RawHttp.SendAsync(Address, RawHttp.Head("GET", target));

        AssertRefusedByKestrel(response, 414);
        Assert.Empty(_app.Seen);
        await AssertServingAsync(response);
    }

    [Fact]
    public async Task Content_length_with_chunked_transfer_encoding_is_framed_by_the_chunks_and_still_rewritten()
    {
        var chunked = Chunk(CanaryJson) + "0\r\n\r\n";
        var head = RawHttp.Head("POST", "/members", "Content-Type: application/json", $"Content-Length: {chunked.Length.ToString(CultureInfo.InvariantCulture)}", "Transfer-Encoding: chunked");

        var response = await RawHttp.SendAsync(Address, head + chunked);

        // Kestrel follows RFC 9112: Transfer-Encoding wins, Content-Length is ignored, the connection closes after the answer.
        Assert.Equal([200], response.Statuses);
        Assert.Contains("\r\nConnection: close\r\n", response.Text, StringComparison.OrdinalIgnoreCase);
        var seen = Assert.Single(_app.Seen);
        Assert.EndsWith("@" + EmailPseudonymizer.PseudonymizedDomain, JsonNode.Parse(seen.Body)!["email"]!.GetValue<string>());
        RawHttpApp.AssertNoCanary(seen.Body);
        await AssertServingAsync(response);
    }

    [Fact]
    public async Task A_request_hidden_behind_a_short_content_length_in_a_chunked_body_is_never_served_as_a_request()
    {
        // Framed by Content-Length, the body ends after the first chunk's size line and the chunk data reads as a second
        // request; framed by Transfer-Encoding (RFC 9112), it is all body.
        var hidden = RawHttp.Head("GET", "/smuggled");
        var sizeLine = hidden.Length.ToString("x", CultureInfo.InvariantCulture) + "\r\n";
        var head = RawHttp.Head("POST", "/raw", "Content-Type: text/plain", $"Content-Length: {sizeLine.Length.ToString(CultureInfo.InvariantCulture)}", "Transfer-Encoding: chunked");

        var response = await RawHttp.SendAsync(Address, head + sizeLine + hidden + "\r\n0\r\n\r\n");

        Assert.Equal([200], response.Statuses);
        var seen = Assert.Single(_app.Seen);
        Assert.Equal(("/raw", hidden), (seen.Path, seen.Body));
        await AssertServingAsync(response);
    }

    [Theory]
    [InlineData("/members")]
    [InlineData("/raw")]
    public async Task A_bare_LF_in_a_chunk_extension_is_refused_with_400_and_no_endpoint_gets_the_body(string path)
    {
        var body = $"{CanaryJson.Length.ToString("x", CultureInfo.InvariantCulture)};ext\n{CanaryJson}\r\n0\r\n\r\n";
        var head = RawHttp.Head("POST", path, "Content-Type: application/json", "Transfer-Encoding: chunked");

        var response = await RawHttp.SendAsync(Address, head + body);

        AssertRefusedByKestrel(response, 400);
        Assert.Empty(_app.Seen);
        await AssertServingAsync(response);
    }

    [Fact]
    public async Task A_body_over_the_rewriting_limit_is_refused_with_413_and_the_unread_rest_is_never_served_as_a_request()
    {
        // The tail after the limit holds a complete request: it must not be served once the body is refused.
        var tail = RawHttp.Head("GET", $"/smuggled?email={RawHttpApp.CanaryEmail}");
        var json = $$"""{"email":"{{RawHttpApp.CanaryEmail}}","pad":"{{new string('x', RawHttpApp.MaxBodyBytes)}}"}""";
        var head = RawHttp.Head("POST", "/members", "Content-Type: application/json", "Transfer-Encoding: chunked", "Connection: keep-alive");

        var response = await RawHttp.SendAsync(Address, head + Chunk(json) + Chunk(tail) + "0\r\n\r\n" + RawHttp.Head("GET", "/ping"));

        // After the refusal Kestrel either drains the rest of the body by its chunked framing (then serves the pipelined
        // request) or closes the connection; the tail inside the body is never a request.
        Assert.Equal(413, response.Status);
        Assert.All(response.Statuses.Skip(1), status => Assert.Equal(200, status));
        Assert.All(_app.Seen, seen => Assert.Equal("/ping", seen.Path));
        await AssertServingAsync(response);
    }

    /// <summary>Kestrel's own refusal: the status, no body, and the connection closed.</summary>
    private static void AssertRefusedByKestrel(RawResponse response, int status)
    {
        Assert.Equal([status], response.Statuses);
        Assert.Contains("\r\nContent-Length: 0\r\n", response.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\r\nConnection: close\r\n", response.Text, StringComparison.OrdinalIgnoreCase);
        Assert.EndsWith("\r\n\r\n", response.Text, StringComparison.Ordinal);
    }

    private static string Chunk(string data) => data.Length.ToString("x", CultureInfo.InvariantCulture) + "\r\n" + data + "\r\n";

    /// <summary>The answer holds no canary, and a normal rewritten request afterwards (on a new connection) is served.</summary>
    private async Task AssertServingAsync(RawResponse response)
    {
        RawHttpApp.AssertNoCanary(response.Bytes);
        var before = _app.Seen.Count;
        var next = await RawHttp.SendAsync(Address, RawHttp.Head("POST", "/members", "Content-Type: application/json", "Transfer-Encoding: chunked") + Chunk(CanaryJson) + "0\r\n\r\n");
        Assert.Equal(200, next.Status);
        Assert.Equal(before + 1, _app.Seen.Count);
        var seen = _app.Seen[^1];
        Assert.Equal("/members", seen.Path);
        Assert.EndsWith("@" + EmailPseudonymizer.PseudonymizedDomain, JsonNode.Parse(seen.Body)!["email"]!.GetValue<string>());
        RawHttpApp.AssertNoCanary(seen.Body);
    }
}
