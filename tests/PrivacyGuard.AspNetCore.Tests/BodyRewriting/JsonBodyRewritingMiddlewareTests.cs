using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PrivacyGuard.AspNetCore.Problems;
using static PrivacyGuard.AspNetCore.Tests.BodyRewriting.JsonBodyRewritingHost;

namespace PrivacyGuard.AspNetCore.Tests.BodyRewriting;

public sealed class JsonBodyRewritingMiddlewareTests : IAsyncLifetime
{
    private const string SecretEmail = "jane.secret@example.com";
    private KestrelHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _host = await StartAsync(o => o.MaxBodyBytes = 4096);

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Endpoint_receives_the_pseudonymized_email_through_model_binding()
    {
        var response = await _host.Client.PostAsync("/signup", Json($"{{\"email\":\"{SecretEmail}\",\"name\":\"Jane\",\"contacts\":[{{\"email\":\"Bob@Example.com\"}}]}}"), Ct);

        response.EnsureSuccessStatusCode();
        var signup = await response.Content.ReadFromJsonAsync<Signup>(Ct);
        Assert.Equal(Email(ProcessingPurpose.ServiceDelivery, SecretEmail), signup!.Email);
        Assert.Equal(Email(ProcessingPurpose.ServiceDelivery, "Bob@Example.com"), signup.Contacts![0].Email);
        Assert.Equal("Jane", signup.Name);
    }

    [Fact]
    public async Task Tokens_are_keyed_for_the_purpose_of_the_request_scope()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/signup") { Content = Json($"{{\"email\":\"{SecretEmail}\"}}") };
        request.Headers.Add(PurposeHeader, "Marketing");
        var marketing = await (await _host.Client.SendAsync(request, Ct)).Content.ReadFromJsonAsync<Signup>(Ct);
        var delivery = await (await _host.Client.PostAsync("/signup", Json($"{{\"email\":\"{SecretEmail}\"}}"), Ct)).Content.ReadFromJsonAsync<Signup>(Ct);

        Assert.Equal(Email(ProcessingPurpose.Marketing, SecretEmail), marketing!.Email);
        Assert.Equal(Email(ProcessingPurpose.ServiceDelivery, SecretEmail), delivery!.Email);
    }

    [Fact]
    public async Task Attribute_on_the_handler_applies_the_same_rules()
    {
        var signup = await (await _host.Client.PostAsync("/attributed", Json($"{{\"email\":\"{SecretEmail}\"}}"), Ct)).Content.ReadFromJsonAsync<Signup>(Ct);
        Assert.Equal(Email(ProcessingPurpose.ServiceDelivery, SecretEmail), signup!.Email);
    }

    [Fact]
    public async Task Group_and_endpoint_rules_apply_together()
    {
        var response = await _host.Client.PostAsync("/group/member", Json($"{{\"email\":\"{SecretEmail}\",\"name\":\"Jane Doe\"}}"), Ct);
        var signup = await response.Content.ReadFromJsonAsync<Signup>(Ct);
        var values = _host.Services.GetRequiredService<IPseudonymizerProvider>().GetValuePseudonymizer(ProcessingPurpose.ServiceDelivery);
        Assert.Equal(Email(ProcessingPurpose.ServiceDelivery, SecretEmail), signup!.Email);
        Assert.Equal(values.Pseudonymize("Jane Doe"), signup.Name);
    }

    [Fact]
    public async Task General_rules_truncate_ips_and_redact_fields()
    {
        var visit = await (await _host.Client.PostAsync("/ips", Json("{\"ip\":\"203.0.113.77\",\"note\":\"private\",\"count\":3}"), Ct)).Content.ReadFromJsonAsync<Visit>(Ct);
        Assert.Equal(new Visit("203.0.113.0", null, 3), visit);
    }

    [Fact]
    public async Task Endpoint_without_rules_receives_the_body_untouched()
    {
        const string body = "{\"email\":\"jane@example.com\", not even json";
        var response = await _host.Client.PostAsync("/raw", new StringContent(body, Encoding.UTF8, "text/plain"), Ct);
        Assert.Equal($"{Encoding.UTF8.GetByteCount(body)}|{body}", await response.Content.ReadAsStringAsync(Ct));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json; charset=utf-16")]
    [InlineData("application/jsonx")]
    public async Task Non_json_content_types_are_refused_with_415(string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes($"{{\"email\":\"{SecretEmail}\"}}"));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        var response = await _host.Client.PostAsync("/raw-with-rules", content, Ct);
        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, PrivacyProblemTypes.UnsupportedMediaType);
    }

    [Fact]
    public async Task Endpoint_that_declares_json_gets_routings_own_415_before_the_body_is_read()
    {
        var response = await _host.Client.PostAsync("/signup", new StringContent($"{{\"email\":\"{SecretEmail}\"}}", Encoding.UTF8, "text/plain"), Ct);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.DoesNotContain("secret", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/json; charset=UTF-8")]
    [InlineData("application/json; charset=\"utf-8\"")]
    [InlineData("application/vnd.api+json")]
    [InlineData("application/problem+json")]
    public async Task Utf8_json_content_types_are_rewritten_and_content_length_fixed(string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes($"{{\"email\":\"{SecretEmail}\"}}"));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        var response = await _host.Client.PostAsync("/raw-with-rules", content, Ct);
        var expectedBody = $"{{\"email\":\"{Email(ProcessingPurpose.ServiceDelivery, SecretEmail)}\"}}";
        Assert.Equal($"{Encoding.UTF8.GetByteCount(expectedBody)}|{expectedBody}", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Body_over_the_limit_with_content_length_is_refused_with_413()
    {
        var content = Json($"{{\"email\":\"{SecretEmail}\",\"pad\":\"{new string('x', 5000)}\"}}");
        Assert.NotNull(content.Headers.ContentLength);
        var response = await _host.Client.PostAsync("/signup", content, Ct);
        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, PrivacyProblemTypes.BodyTooLarge);
    }

    [Fact]
    public async Task Chunked_body_over_the_limit_is_refused_with_413()
    {
        var bytes = Encoding.UTF8.GetBytes($"{{\"email\":\"{SecretEmail}\",\"pad\":\"{new string('x', 5000)}\"}}");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/signup") { Content = new StreamContent(new MemoryStream(bytes)) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TransferEncodingChunked = true;
        var response = await _host.Client.SendAsync(request, Ct);
        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, PrivacyProblemTypes.BodyTooLarge);
    }

    [Fact]
    public async Task Chunked_body_over_Kestrels_smaller_limit_is_refused_with_the_same_413_problem()
    {
        await using var host = await StartAsync(o => o.MaxBodyBytes = 64 * 1024, maxRequestBodySize: 1024);
        var bytes = Encoding.UTF8.GetBytes($"{{\"email\":\"{SecretEmail}\",\"pad\":\"{new string('x', 5000)}\"}}");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/signup") { Content = new StreamContent(new MemoryStream(bytes)) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TransferEncodingChunked = true;

        var response = await host.Client.SendAsync(request, Ct);

        var text = await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, PrivacyProblemTypes.BodyTooLarge);
        // The detail names the limit that applied (the server's), not the larger rewriting limit.
        Assert.Contains("larger than the 1024 bytes", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chunked_body_within_the_limit_is_rewritten()
    {
        var bytes = Encoding.UTF8.GetBytes($"{{\"email\":\"{SecretEmail}\"}}");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/signup") { Content = new StreamContent(new MemoryStream(bytes)) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TransferEncodingChunked = true;
        var signup = await (await _host.Client.SendAsync(request, Ct)).Content.ReadFromJsonAsync<Signup>(Ct);
        Assert.Equal(Email(ProcessingPurpose.ServiceDelivery, SecretEmail), signup!.Email);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    [InlineData("identity, gzip")]
    public async Task A_compressed_json_body_is_refused_with_415(string coding)
    {
        var content = Json($"{{\"email\":\"{SecretEmail}\"}}");
        content.Headers.TryAddWithoutValidation("Content-Encoding", coding);
        var response = await _host.Client.PostAsync("/raw-with-rules", content, Ct);
        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, PrivacyProblemTypes.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/plain")]
    public async Task A_chunked_request_with_no_bytes_passes_as_a_request_without_a_body(string contentType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/raw-with-rules") { Content = new StreamContent(new MemoryStream()) };
        request.Content.Headers.ContentType = new(contentType);
        request.Headers.TransferEncodingChunked = true;

        var response = await _host.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("0|", await response.Content.ReadAsStringAsync(Ct));
    }

    public static TheoryData<string, byte[], string> BadBodies() => new()
    {
        { "truncated", Encoding.UTF8.GetBytes($"{{\"email\":\"{SecretEmail}\""), PrivacyProblemTypes.MalformedBody },
        { "trailing garbage", Encoding.UTF8.GetBytes($"{{\"email\":\"{SecretEmail}\"}} {SecretEmail}"), PrivacyProblemTypes.MalformedBody },
        { "invalid UTF-8", [.. Encoding.UTF8.GetBytes($"{{\"name\":\"{SecretEmail}"), 0xC0, 0xAF, .. "\"}"u8], PrivacyProblemTypes.MalformedBody },
        { "too deep", Encoding.UTF8.GetBytes($"{{\"email\":\"{SecretEmail}\",\"x\":" + new string('[', 65) + new string(']', 65) + "}"), PrivacyProblemTypes.BodyTooDeep },
        { "not an e-mail", Encoding.UTF8.GetBytes("{\"email\":\"jane.secret at example\"}"), PrivacyProblemTypes.UnsupportedValue },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bodies_that_cannot_be_rewritten_are_refused_with_400_without_echoing_them(string description, byte[] body, string problemType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        var response = await _host.Client.PostAsync("/signup", content, Ct);
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, problemType);
        Assert.False(problem.Contains("secret", StringComparison.Ordinal), description);
    }

    private static ByteArrayContent Json(string json)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        content.Headers.ContentType = new("application/json");
        return content;
    }

    private string Email(ProcessingPurpose purpose, string address) =>
        _host.Services.GetRequiredService<IPseudonymizerProvider>().GetEmailPseudonymizer(purpose).Pseudonymize(address);

    private static async Task<string> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(PrivacyProblemWriter.ContentType, response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync(Ct);
        using var problem = JsonDocument.Parse(text);
        Assert.Equal(type, problem.RootElement.GetProperty("type").GetString());
        Assert.DoesNotContain("secret", text, StringComparison.Ordinal);
        return text;
    }
}
