using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PrivacyGuard.AspNetCore.Purposes;
using PrivacyGuard.AspNetCore.Tests.Admin;
using PrivacyGuard.Json;

namespace PrivacyGuard.AspNetCore.Tests.Leakage;

#pragma warning disable CA1848, CA1873 // Message-template calls through ILogger are the application code under test.

/// <summary>
/// The leak test's application endpoints: each takes personal data in its body (rewritten by endpoint rules), logs what
/// it received the way application code does, and saves or reads <see cref="Member"/> rows through EF Core. Responses
/// carry ids only, never the model.
/// </summary>
internal static class LeakApp
{
    public const string SubjectHeader = "X-Subject-Id";

    public static void Map(WebApplication app)
    {
        app.MapPost("/members", async (Member member, MembersDbContext db, ILoggerFactory logs) =>
        {
            logs.CreateLogger("LeakApp.Members").LogInformation("Received {@Member} on plan {Plan}", member, member.Plan);
            db.Members.Add(member);
            await db.SaveChangesAsync();
            return Results.Created((string?)null, new { member.Id });
        }).PseudonymizeJson("$.email");

        app.MapGet("/members/{id:guid}", async (Guid id, MembersDbContext db, ILoggerFactory logs) =>
        {
            var member = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id);
            logs.CreateLogger("LeakApp.Members").LogInformation("Loaded {@Member}", member);
            return member is null ? Results.NotFound() : Results.Ok(new { member.Id, member.Plan });
        });

        app.MapPost("/marketing/members", (Member member, ILoggerFactory logs) =>
        {
            logs.CreateLogger("LeakApp.Marketing").LogInformation("Campaign for {@Member}", member);
            return Results.Ok(new { member.Id });
        }).RequiresPurpose(ProcessingPurpose.Marketing).PseudonymizeJson("$.email");

        app.MapPost("/visits", (Visit visit, ILoggerFactory logs) =>
        {
            // Scalars under personal property names: the enricher replaces them.
            logs.CreateLogger("LeakApp.Visits").LogInformation("Visit by {FullName} from {IpAddress} with {Email}", visit.FullName, visit.Ip, visit.Email);
            return Results.Ok(new { visit.Count });
        }).RewriteJson(
            new JsonFieldRule("$.ip", Treatment.Truncate, PersonalDataCategory.IpAddress),
            JsonFieldRule.Pseudonymize("$.fullName", PersonalDataCategory.Name),
            JsonFieldRule.Pseudonymize("$.email", PersonalDataCategory.Email));
    }

    public sealed class Visit
    {
        public string? Ip { get; set; }

        public string? FullName { get; set; }

        public string? Email { get; set; }

        public int Count { get; set; }
    }
}
