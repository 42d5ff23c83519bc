using PrivacyGuard.AccessLog;

namespace PrivacyGuard.AspNetCore.Admin;

/// <summary>An access event as the admin API returns it (flat, with names for enums).</summary>
public sealed record AccessLogEntry(
    string Chain,
    long Sequence,
    DateTimeOffset OccurredAt,
    string Action,
    string Outcome,
    string Resource,
    string? SubjectToken,
    string Purpose,
    string Actor,
    IReadOnlyList<string> Categories,
    string? ClientAddress,
    int Count,
    string? Reason,
    string PreviousHash,
    string Hash)
{
    internal static AccessLogEntry From(RecordedAccessEvent recorded)
    {
        var e = recorded.Event;
        return new AccessLogEntry(
            recorded.Chain,
            recorded.Sequence,
            recorded.OccurredAt,
            e.Action.ToString(),
            e.Outcome.ToString(),
            e.Resource,
            e.SubjectToken,
            e.Purpose.Name,
            e.Actor,
            e.Categories.Select(c => c.ToString()).ToList(),
            e.ClientAddress,
            e.Count,
            e.Reason,
            recorded.PreviousHash,
            recorded.Hash);
    }
}
