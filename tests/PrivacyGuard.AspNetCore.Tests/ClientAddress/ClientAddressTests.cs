using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PrivacyGuard.Pseudonymization;

namespace PrivacyGuard.AspNetCore.Tests.ClientAddress;

/// <summary>The client address over real Kestrel: what the endpoint and a logging middleware after UsePrivacyGuard see.</summary>
public sealed class ClientAddressTests : IAsyncLifetime
{
    private readonly SqliteTestStore _store = new();
    private readonly ConcurrentQueue<string?> _logged = new();
    private KestrelHost? _host;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        await _store.DisposeAsync();
    }

    [Fact]
    public async Task The_endpoint_and_a_request_logger_after_UsePrivacyGuard_see_only_the_truncated_address()
    {
        var client = await StartAsync([]);

        var seen = await client.GetFromJsonAsync<Seen>("/ip", Ct);

        Assert.Equal("127.0.0.0", seen!.RemoteIpAddress);
        Assert.Equal("127.0.0.0", seen.FeatureClientAddress);
        Assert.Equal(["127.0.0.0"], _logged);
    }

    [Fact]
    public async Task Spoofed_forwarding_headers_from_an_unknown_client_are_ignored_and_removed()
    {
        var client = await StartAsync(new()
        {
            ["PrivacyGuard:ForwardedHeaders:KnownProxies:0"] = "10.0.0.1",
            ["PrivacyGuard:ForwardedHeaders:Headers"] = "Forwarded, XForwardedFor, XRealIp",
        });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/ip");
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "203.0.113.77");
        request.Headers.TryAddWithoutValidation("Forwarded", "for=203.0.113.78");
        request.Headers.TryAddWithoutValidation("X-Real-IP", "203.0.113.79");

        var seen = await SendAsync(client, request);

        Assert.Equal("127.0.0.0", seen.RemoteIpAddress);
        Assert.Empty(seen.ForwardingHeaders);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::ffff:127.0.0.1")]
    public async Task From_a_known_proxy_the_forwarded_client_is_used_and_the_headers_are_removed(string proxy)
    {
        var client = await StartAsync(new() { ["PrivacyGuard:ForwardedHeaders:KnownProxies:0"] = proxy });

        var seen = await GetWithHeaderAsync(client, "X-Forwarded-For", "203.0.113.77");

        Assert.Equal("203.0.113.0", seen.RemoteIpAddress);
        Assert.Equal(["203.0.113.0"], _logged);
        Assert.Empty(seen.ForwardingHeaders);
    }

    [Theory]
    [InlineData("X-Forwarded-For", "198.51.100.9, 10.1.2.3, 10.4.5.6", "198.51.100.0")]
    [InlineData("X-Forwarded-For", "6.6.6.6, 198.51.100.9, 10.1.2.3", "198.51.100.0")]
    [InlineData("Forwarded", "for=6.6.6.6, for=\"[2001:db8:cafe::17]:4711\";proto=https, for=10.1.2.3", "2001:db8:cafe::")]
    [InlineData("X-Real-IP", "198.51.100.9", "198.51.100.0")]
    public async Task Chains_of_trusted_proxies_are_walked_from_the_right_to_the_first_untrusted_hop(string header, string value, string expected)
    {
        var client = await StartAsync(new()
        {
            ["PrivacyGuard:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
            ["PrivacyGuard:ForwardedHeaders:KnownNetworks:0"] = "10.0.0.0/8",
            ["PrivacyGuard:ForwardedHeaders:Headers"] = Kind(header),
        });

        var seen = await GetWithHeaderAsync(client, header, value);

        Assert.Equal(expected, seen.RemoteIpAddress);
    }

    [Theory]
    [InlineData("X-Forwarded-For", "not-an-ip")]
    [InlineData("X-Forwarded-For", "127.1")]
    [InlineData("X-Forwarded-For", "203.0.113.77, unknown")]
    [InlineData("Forwarded", "for=\"203.0.113.77")]
    [InlineData("Forwarded", "for=_hidden")]
    [InlineData("Forwarded", "for=[2001:db8::1]")]
    [InlineData("X-Real-IP", "203.0.113.77:99999")]
    public async Task A_malformed_hop_is_never_taken_as_the_client(string header, string value)
    {
        var client = await StartAsync(new()
        {
            ["PrivacyGuard:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
            ["PrivacyGuard:ForwardedHeaders:Headers"] = Kind(header),
        });

        var seen = await GetWithHeaderAsync(client, header, value);

        Assert.Equal("127.0.0.0", seen.RemoteIpAddress);
        Assert.Empty(seen.ForwardingHeaders);
    }

    [Theory]
    [InlineData("Forwarded", "for=203.0.113.77")]
    [InlineData("X-Real-IP", "203.0.113.77")]
    public async Task By_default_only_X_Forwarded_For_is_honoured_and_other_headers_a_proxy_passes_through_are_removed(string header, string value)
    {
        var client = await StartAsync(new() { ["PrivacyGuard:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1" });

        var seen = await GetWithHeaderAsync(client, header, value);

        Assert.Equal("127.0.0.0", seen.RemoteIpAddress);
        Assert.Empty(seen.ForwardingHeaders);
    }

    [Theory]
    [InlineData("True-Client-IP")]
    [InlineData("CF-Connecting-IP")]
    [InlineData("Fastly-Client-IP")]
    [InlineData("X-Client-IP")]
    [InlineData("X-Cluster-Client-IP")]
    [InlineData("X-Original-Forwarded-For")]
    [InlineData("Client-IP")]
    public async Task Other_headers_that_carry_a_client_address_are_removed_even_from_a_trusted_proxy(string header)
    {
        var client = await StartAsync(new() { ["PrivacyGuard:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1" });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/scan");
        request.Headers.TryAddWithoutValidation(header, "203.0.113.77");

        using var response = await client.SendAsync(request, Ct);
        var scan = await response.Content.ReadFromJsonAsync<Scan>(Ct);

        Assert.Empty(scan!.Original);
    }

    [Fact]
    public async Task The_original_client_address_is_in_no_item_feature_or_header()
    {
        var client = await StartAsync(new() { ["PrivacyGuard:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1" });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/scan");
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "203.0.113.77");

        using var response = await client.SendAsync(request, Ct);
        var scan = await response.Content.ReadFromJsonAsync<Scan>(Ct);

        Assert.Empty(scan!.Original);
        Assert.Contains("IHttpConnectionFeature.RemoteIpAddress", scan.Pseudonymized);
    }

    [Fact]
    public async Task Prefix_preserving_and_token_treatments_replace_the_address_with_their_own_form()
    {
        var client = await StartAsync(new() { ["PrivacyGuard:ClientAddress:Treatment"] = "PrefixPreserving" });
        var expected = _host!.Services.GetRequiredService<IPseudonymizerProvider>()
            .GetIpAddressPseudonymizer(ProcessingPurpose.Security, IpPseudonymizationMode.PrefixPreserving)
            .Pseudonymize(IPAddress.Loopback);

        var seen = await client.GetFromJsonAsync<Seen>("/ip", Ct);

        Assert.Equal(expected.ToString(), seen!.RemoteIpAddress);
        Assert.NotEqual("127.0.0.1", seen.RemoteIpAddress);

        await _host.DisposeAsync();
        _host = null;
        _logged.Clear();
        client = await StartAsync(new() { ["PrivacyGuard:ClientAddress:Treatment"] = "Token" });
        seen = await client.GetFromJsonAsync<Seen>("/ip", Ct);

        Assert.StartsWith("fd", seen!.RemoteIpAddress, StringComparison.Ordinal);
        Assert.Equal(16, IPAddress.Parse(seen.RemoteIpAddress!).GetAddressBytes().Length);
    }

    private async Task<HttpClient> StartAsync(Dictionary<string, string?> settings)
    {
        _host = await EdgeHost.StartAsync(_store, settings, app =>
        {
            app.Use((context, next) =>
            {
                _logged.Enqueue(context.Connection.RemoteIpAddress?.ToString());
                return next(context);
            });
            app.MapGet("/ip", (HttpContext context) => new Seen(
                context.Connection.RemoteIpAddress?.ToString(),
                context.Features.Get<IPrivacyGuardRequestFeature>()?.ClientAddress,
                [.. context.Request.Headers.Keys.Where(k => k is "Forwarded" or "X-Forwarded-For" or "X-Real-IP")]));
            app.MapGet("/scan", (HttpContext context) => new Scan(
                FeatureScanner.FindAddress(context, IPAddress.Parse("203.0.113.77")),
                FeatureScanner.FindAddress(context, IPAddress.Parse("203.0.113.0"))));
        });
        return _host.Client;
    }

    private static string Kind(string header) => header switch
    {
        "Forwarded" => "Forwarded",
        "X-Real-IP" => "XRealIp",
        _ => "XForwardedFor",
    };

    private static async Task<Seen> GetWithHeaderAsync(HttpClient client, string header, string value)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/ip");
        request.Headers.TryAddWithoutValidation(header, value);
        return await SendAsync(client, request);
    }

    private static async Task<Seen> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        using var response = await client.SendAsync(request, Ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<Seen>(Ct))!;
    }

    public sealed record Seen(string? RemoteIpAddress, string? FeatureClientAddress, string[] ForwardingHeaders);

    public sealed record Scan(List<string> Original, List<string> Pseudonymized);
}
