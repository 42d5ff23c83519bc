using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PrivacyGuard.AspNetCore.BodyRewriting;
using PrivacyGuard.Json;
using PrivacyGuard.Restriction;
using PrivacyGuard.Tests;

namespace PrivacyGuard.AspNetCore.Tests.BodyRewriting;

/// <summary>A Kestrel app with JSON body rewriting and a few endpoints that echo what model binding gave them.</summary>
internal static class JsonBodyRewritingHost
{
    public const string PurposeHeader = "X-Test-Purpose";

    public static Task<KestrelHost> StartAsync(Action<JsonBodyRewritingOptions>? configure = null, long? maxRequestBodySize = null) =>
        KestrelHost.StartAsync(
            builder =>
            {
                if (maxRequestBodySize is { } limit)
                {
                    builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = limit);
                }

                builder.Services
                    .AddPrivacyGuard(keys =>
                    {
                        keys.CurrentKeyId = "ka";
                        keys.Keys["ka"] = TestKeys.SecretA;
                    })
                    .AddJsonBodyRewriting(configure);
            },
            app =>
            {
                // Stands in for the middleware that begins the request's privacy scope.
                app.Use(async (context, next) =>
                {
                    if (context.Request.Headers.TryGetValue(PurposeHeader, out var purpose))
                    {
                        using var scope = context.RequestServices.GetRequiredService<IPrivacyScope>().BeginScope(ProcessingPurpose.Create(purpose!), "test");
                        await next(context);
                        return;
                    }

                    await next(context);
                });
                app.UseRouting();
                app.UseJsonBodyRewriting();
                app.MapPost("/signup", (Signup signup) => Results.Json(signup)).PseudonymizeJson("$.email", "$.contacts[*].email");
                app.MapPost("/attributed", [PseudonymizeJson("$.email")] (Signup signup) => Results.Json(signup));
                app.MapPost("/ips", (Visit visit) => Results.Json(visit))
                    .RewriteJson(new JsonFieldRule("$.ip", Treatment.Truncate, PersonalDataCategory.IpAddress), JsonFieldRule.Redact("$.note"));
                app.MapGroup("/group").PseudonymizeJson("$.email").MapPost("/member", (Signup signup) => Results.Json(signup)).PseudonymizeJson(PersonalDataCategory.Name, "$.name");
                app.MapPost("/raw", EchoAsync);
                app.MapPost("/raw-with-rules", EchoAsync).PseudonymizeJson("$.email");
            });

    private static async Task<IResult> EchoAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        return Results.Text($"{request.ContentLength}|{body}", "text/plain");
    }

    internal sealed record Signup(string? Email, string? Name, Contact[]? Contacts);

    internal sealed record Contact(string? Email);

    internal sealed record Visit(string? Ip, string? Note, int Count);
}
