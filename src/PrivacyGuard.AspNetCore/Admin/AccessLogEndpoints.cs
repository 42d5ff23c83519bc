using System.Globalization;
using Microsoft.AspNetCore.Http;
using PrivacyGuard.AccessLog;
using PrivacyGuard.AspNetCore.Problems;
using PrivacyGuard.Storage;

namespace PrivacyGuard.AspNetCore.Admin;

/// <summary>The access-log operations of the admin API: query, verify, and the subject token for a known subject id.</summary>
internal sealed class AccessLogEndpoints(IAccessLogReader reader, IAccessLog accessLog, AdminAccessRecorder recorder)
{
    public static readonly AdminOperation Query = new("access-log-query", AccessAction.Audit);
    public static readonly AdminOperation Verify = new("access-log-verify", AccessAction.Audit);
    public static readonly AdminOperation Token = new("subject-token", AccessAction.Audit);

    private const int MaxLimit = 10_000;

    /// <summary>GET: events by <c>subjectToken</c>, <c>from</c>, <c>to</c> (ISO 8601), <c>outcome</c>, <c>limit</c> (1–10,000, default 100).</summary>
    public async Task QueryAsync(HttpContext context)
    {
        var q = context.Request.Query;
        var query = new AccessLogQuery { SubjectToken = NullIfEmpty(q["subjectToken"]) };
        if (!TryTime(q["from"], out var from) || !TryTime(q["to"], out var to))
        {
            await AdminJson.InvalidAsync(context, "from and to must be ISO 8601 date-times with an offset.").ConfigureAwait(false);
            return;
        }

        AccessOutcome? outcome = null;
        if (NullIfEmpty(q["outcome"]) is { } outcomeText)
        {
            if (!Enum.TryParse<AccessOutcome>(outcomeText, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(outcomeText, out _))
            {
                await AdminJson.InvalidAsync(context, "outcome must be Succeeded, Denied or Failed.").ConfigureAwait(false);
                return;
            }

            outcome = parsed;
        }

        var limit = 100;
        if (NullIfEmpty(q["limit"]) is { } limitText && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > MaxLimit))
        {
            await AdminJson.InvalidAsync(context, "limit must be a whole number from 1 to 10000.").ConfigureAwait(false);
            return;
        }

        query = query with { From = from, To = to, Outcome = outcome, Limit = limit };
        var events = new List<RecordedAccessEvent>();
        try
        {
            await foreach (var recorded in reader.QueryAsync(query, context.RequestAborted).ConfigureAwait(false))
            {
                events.Add(recorded);
            }

            await recorder.RecordAsync(context, Query, AccessOutcome.Succeeded, subjectId: null, count: events.Count).ConfigureAwait(false);
        }
        catch (Exception e) when (e is PrivacyStoreUnavailableException or AccessLogUnavailableException)
        {
            await Unavailable(context).ConfigureAwait(false);
            return;
        }

        await AdminJson.WriteAsync(context, events.Select(AccessLogEntry.From).ToList()).ConfigureAwait(false);
    }

    /// <summary>GET: verifies the whole chain; 200 with the result whether or not it is intact.</summary>
    public async Task VerifyAsync(HttpContext context)
    {
        AccessLogVerification verification;
        try
        {
            verification = await reader.VerifyAsync(context.RequestAborted).ConfigureAwait(false);
            await recorder.RecordAsync(context, Verify, AccessOutcome.Succeeded, subjectId: null, reason: verification.IsValid ? null : "chain-broken").ConfigureAwait(false);
        }
        catch (Exception e) when (e is PrivacyStoreUnavailableException or AccessLogUnavailableException)
        {
            await Unavailable(context).ConfigureAwait(false);
            return;
        }

        await AdminJson.WriteAsync(context, verification).ConfigureAwait(false);
    }

    /// <summary>POST <see cref="SubjectRequest"/>: the token under which that subject appears in access events.</summary>
    public async Task TokenAsync(HttpContext context)
    {
        var (ok, request) = await AdminJson.TryReadAsync<SubjectRequest>(context).ConfigureAwait(false);
        if (!ok)
        {
            return;
        }

        if (!AdminJson.IsValidSubjectId(request!.SubjectId))
        {
            await AdminJson.InvalidAsync(context, "SubjectId is required and has at most 200 characters.").ConfigureAwait(false);
            return;
        }

        try
        {
            await recorder.RecordAsync(context, Token, AccessOutcome.Succeeded, request.SubjectId).ConfigureAwait(false);
        }
        catch (AccessLogUnavailableException)
        {
            await Unavailable(context).ConfigureAwait(false);
            return;
        }

        await AdminJson.WriteAsync(context, new SubjectTokenResponse(accessLog.TokenizeSubject(request.SubjectId))).ConfigureAwait(false);
    }

    private static Task Unavailable(HttpContext context) =>
        PrivacyProblemWriter.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, PrivacyProblemTypes.PrivacyStoreUnavailable, "The access log is unavailable.");

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static bool TryTime(string? text, out DateTimeOffset? value)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            value = parsed;
            return true;
        }

        return false;
    }
}
