using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PrivacyGuard;
using PrivacyGuard.Restriction;
using PrivacyGuard.Tests;

namespace PrivacyGuard.AspNetCore.Tests.Readme;

// SignUp and MiddlewareSetup are README.md's "Embed the middleware" code verbatim (its using directives are among the
// ones above). README_middleware_block_is_copied_verbatim_into_this_file fails when the two drift apart.

public sealed record SignUp(string Email, string Name);

public static class MiddlewareSetup
{
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        builder.Services.AddPrivacyGuard(builder.Configuration)    // key ring and pseudonymizers ("PrivacyGuard" section)
            .AddPrivacyStore(builder.Configuration)                 // restrictions, objections, the access log
            .AddAspNetCore(builder.Configuration)                   // client address, forwarded headers, subject, purpose
            .AddAdminApi();                                         // off unless PrivacyGuard:Admin:Enabled is true

        var app = builder.Build();
        app.UsePrivacyGuard();                                      // before anything that logs or reads the request
        app.MapPost("/signup", (SignUp body) => Results.Ok(body.Email))
            .PseudonymizeJson("$.email");                           // the handler receives the token, never the address
        app.MapGet("/newsletter/{accountId}", (string accountId) => Results.Ok(accountId))
            .RequiresPurpose(ProcessingPurpose.Marketing);          // 403 problem+json for a subject who objected
        app.MapPrivacyGuardAdmin("/privacy");
        return app;
    }
}

/// <summary>The README's middleware code, compiled here and run over real Kestrel with a SQLite privacy store.</summary>
public sealed class ReadmeMiddlewareSnippetTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_README_setup_pseudonymizes_the_body_and_refuses_a_subject_who_objected()
    {
        var folder = Directory.CreateTempSubdirectory("privacyguard-readme-").FullName;
        try
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = folder, EnvironmentName = "Production" });
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["PrivacyGuard:KeyRing:CurrentKeyId"] = "ka",
                ["PrivacyGuard:KeyRing:Keys:ka"] = TestKeys.SecretA,
                ["PrivacyGuard:Store:DataDirectory"] = Path.Combine(folder, "store"),
                ["PrivacyGuard:Subject:Source"] = "RouteValue",
                ["PrivacyGuard:Subject:Name"] = "accountId",
            });
            await using var app = MiddlewareSetup.Build(builder);
            await app.StartAsync(Ct);
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
            using var client = new HttpClient { BaseAddress = new Uri(address) };

            using var signUp = await client.PostAsJsonAsync("/signup", new { email = "jane.doe@example.com", name = "Jane" }, Ct);
            var token = await signUp.Content.ReadFromJsonAsync<string>(Ct);
            await app.Services.GetRequiredService<IRestrictionRegistry>().ObjectAsync("42", ProcessingPurpose.Marketing, Ct);
            using var newsletter = await client.GetAsync("/newsletter/42", Ct);
            using var otherNewsletter = await client.GetAsync("/newsletter/43", Ct);
            using var admin = await client.PostAsync("/privacy/subjects/erase", new StringContent("{}"), Ct);
            await app.StopAsync(Ct);

            Assert.Equal(HttpStatusCode.OK, signUp.StatusCode);
            Assert.EndsWith("@pseudonymized.invalid", token);
            Assert.DoesNotContain("jane", token, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(HttpStatusCode.Forbidden, newsletter.StatusCode);
            Assert.Equal("application/problem+json", newsletter.Content.Headers.ContentType?.MediaType);
            Assert.Equal(HttpStatusCode.OK, otherNewsletter.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, admin.StatusCode);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void README_middleware_block_is_copied_verbatim_into_this_file()
    {
        var root = ReadmeBlocks.RepositoryRoot();
        var readme = ReadmeBlocks.Readme();
        var source = File.ReadAllText(Path.Combine(root, "tests", "PrivacyGuard.AspNetCore.Tests", "Readme", "ReadmeMiddlewareSnippetTests.cs")).ReplaceLineEndings("\n");
        var sourceUsings = source.Split('\n').Where(ReadmeBlocks.IsUsing).Select(ReadmeBlocks.CodeOf).ToHashSet(StringComparer.Ordinal);

        var block = ReadmeBlocks.BlockAfter(readme, "## Embed the middleware");
        var lines = block.Split('\n');
        Assert.All(lines.Where(ReadmeBlocks.IsUsing), line => Assert.Contains(ReadmeBlocks.CodeOf(line), sourceUsings));
        var code = string.Join('\n', lines.Where(line => !ReadmeBlocks.IsUsing(line))).Trim('\n');
        Assert.True(source.Contains(code, StringComparison.Ordinal), "README.md's code block after \"## Embed the middleware\" is not in ReadmeMiddlewareSnippetTests.cs verbatim.");
    }
}
