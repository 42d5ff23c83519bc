using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PrivacyGuard.AspNetCore.BodyRewriting;
using PrivacyGuard.Json;

using PrivacyGuard.Tests;

namespace PrivacyGuard.AspNetCore.Tests.Reliability;

/// <summary>One request as an endpoint saw it, after PrivacyGuard.</summary>
internal sealed record SeenRequest(string Path, long? ContentLength, string Body);

/// <summary>
/// A host wired as an application would wire PrivacyGuard (<see cref="EdgeHost"/>, SQLite store, JSON body rewriting
/// with a small limit), with endpoints that record the requests they complete: a rewritten one (<c>/members</c>), a raw
/// one (<c>/raw</c>) and a plain GET (<c>/ping</c>, <c>/smuggled</c>).
/// </summary>
internal sealed class RawHttpApp
{
    public const int MaxBodyBytes = 256;
    public const string CanaryEmail = "canary.raw-http@example.com";
    public const string CanaryIp = "203.0.113.77";

    private readonly ConcurrentQueue<SeenRequest> _seen = new();

    /// <summary>Every request an endpoint completed, in order.</summary>
    public IReadOnlyList<SeenRequest> Seen => [.. _seen];

    public Task<KestrelHost> StartAsync(TestStore store) =>
        EdgeHost.StartAsync(
            store,
            new Dictionary<string, string?>(),
            Map,
            configureGuard: guard => guard.AddJsonBodyRewriting(options => options.MaxBodyBytes = MaxBodyBytes));

    /// <summary>Asserts that <paramref name="bytes"/> hold no canary value.</summary>
    public static void AssertNoCanary(byte[] bytes) => AssertNoCanary(Encoding.Latin1.GetString(bytes));

    /// <summary>Asserts that <paramref name="text"/> holds no canary value.</summary>
    public static void AssertNoCanary(string text)
    {
        foreach (var canary in new[] { CanaryEmail, "canary.raw-http", CanaryIp })
        {
            Assert.DoesNotContain(canary, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    private void Map(WebApplication app)
    {
        app.UseRouting();
        app.UseJsonBodyRewriting();
        app.MapPost("/members", RecordAsync)
            .RewriteJson(new JsonFieldRule("$.email", Treatment.Pseudonymize, PersonalDataCategory.Email), new JsonFieldRule("$.ip", Treatment.Truncate, PersonalDataCategory.IpAddress));
        app.MapPost("/raw", RecordAsync);
        app.MapGet("/ping", RecordAsync);
        app.MapGet("/smuggled", RecordAsync);
    }

    private async Task<IResult> RecordAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        _seen.Enqueue(new SeenRequest(request.Path.Value ?? "", request.ContentLength, body));
        return Results.Text("ok", "text/plain");
    }
}
