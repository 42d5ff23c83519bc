using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using PrivacyGuard.AspNetCore.Purposes;
using PrivacyGuard.Restriction;

namespace PrivacyGuard.AspNetCore.Tests.Edge;

/// <summary>Endpoints for the edge tests, each counting its invocations so a test can prove one never ran.</summary>
internal sealed class EdgeApp
{
    public ConcurrentDictionary<string, int> Calls { get; } = new(StringComparer.Ordinal);

    public void Map(WebApplication app)
    {
        app.MapGet("/accounts/{subject}", () => Count("accounts"));
        app.MapPost("/accounts/{subject}", () => Count("accounts-post"));
        app.MapGet("/marketing/{subject}", () => Count("marketing")).RequiresPurpose(ProcessingPurpose.Marketing);
        app.MapGet("/offers/{subject}", [RequiresPurpose("Marketing")] () => Count("offers"));
        app.MapGet("/legal/{subject}", () => Count("legal")).RequiresPurpose(ProcessingPurpose.LegalObligation);
        app.MapGet("/scope/{subject}", (IPrivacyScope scope, HttpContext context) =>
        {
            Count("scope");
            var feature = context.Features.Get<IPrivacyGuardRequestFeature>()!;
            return new ScopeSeen(scope.CurrentPurpose?.Name, scope.CurrentActor, feature.Purpose?.Name, feature.SubjectToken);
        }).RequiresPurpose(ProcessingPurpose.Communication);
        app.MapGet("/health", () => Count("health"));
    }

    public int CallsTo(string name) => Calls.TryGetValue(name, out var count) ? count : 0;

    private string Count(string name)
    {
        Calls.AddOrUpdate(name, 1, (_, count) => count + 1);
        return name;
    }
}

/// <summary>What the scope endpoint saw.</summary>
public sealed record ScopeSeen(string? ScopePurpose, string? ScopeActor, string? FeaturePurpose, string? SubjectToken);
