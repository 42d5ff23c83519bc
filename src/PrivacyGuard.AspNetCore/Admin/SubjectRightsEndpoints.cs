using Microsoft.AspNetCore.Http;
using PrivacyGuard.AccessLog;
using PrivacyGuard.AspNetCore.Problems;
using PrivacyGuard.Restriction;
using PrivacyGuard.Rights;
using PrivacyGuard.Storage;

namespace PrivacyGuard.AspNetCore.Admin;

/// <summary>
/// The subject-rights operations of the admin API. Each runs inside a <see cref="ProcessingPurpose.LegalObligation"/>
/// scope on behalf of the caller and is recorded in the access log with its outcome.
/// </summary>
internal sealed class SubjectRightsEndpoints(IDataSubjectRights rights, IPrivacyScope scope, AdminAccessRecorder recorder)
{
    public static readonly AdminOperation Restrict = new("restrict", AccessAction.Restrict);
    public static readonly AdminOperation Lift = new("lift-restriction", AccessAction.LiftRestriction);
    public static readonly AdminOperation Object = new("object", AccessAction.RecordObjection);
    public static readonly AdminOperation Withdraw = new("withdraw-objection", AccessAction.WithdrawObjection);
    public static readonly AdminOperation Export = new("export", AccessAction.Export);
    public static readonly AdminOperation Erase = new("erase", AccessAction.Erase);
    public static readonly AdminOperation Rectify = new("rectify", AccessAction.Rectify);

    public async Task RestrictAsync(HttpContext context)
    {
        var (ok, request) = await AdminJson.TryReadAsync<RestrictRequest>(context).ConfigureAwait(false);
        if (!ok || !await CheckSubjectAsync(context, request!.SubjectId).ConfigureAwait(false))
        {
            return;
        }

        if (!Enum.TryParse<RestrictionReason>(request.Reason, ignoreCase: true, out var reason) || !Enum.IsDefined(reason) || int.TryParse(request.Reason, out _))
        {
            await AdminJson.InvalidAsync(context, "Reason must be AccuracyContested, UnlawfulProcessing, LegalClaims or ObjectionPending.").ConfigureAwait(false);
            return;
        }

        await RunAsync(context, Restrict, request.SubjectId, ct => rights.RestrictAsync(request.SubjectId, reason, ct)).ConfigureAwait(false);
    }

    public async Task LiftAsync(HttpContext context)
    {
        var (ok, request) = await AdminJson.TryReadAsync<SubjectRequest>(context).ConfigureAwait(false);
        if (ok && await CheckSubjectAsync(context, request!.SubjectId).ConfigureAwait(false))
        {
            await RunAsync(context, Lift, request.SubjectId, ct => rights.LiftRestrictionAsync(request.SubjectId, ct)).ConfigureAwait(false);
        }
    }

    public Task ObjectAsync(HttpContext context) =>
        ObjectionAsync(context, Object, (subject, purpose, ct) => rights.ObjectAsync(subject, purpose, ct));

    public Task WithdrawAsync(HttpContext context) =>
        ObjectionAsync(context, Withdraw, (subject, purpose, ct) => rights.WithdrawObjectionAsync(subject, purpose, ct));

    public async Task ExportAsync(HttpContext context)
    {
        var (ok, request) = await AdminJson.TryReadAsync<SubjectRequest>(context).ConfigureAwait(false);
        if (!ok || !await CheckSubjectAsync(context, request!.SubjectId).ConfigureAwait(false))
        {
            return;
        }

        SubjectExport? export = null;
        if (await RunAsync(context, Export, request.SubjectId, async ct => export = await rights.ExportAsync(request.SubjectId, ct).ConfigureAwait(false), writeNoContent: false).ConfigureAwait(false))
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/json; charset=utf-8";
            context.Response.Headers.CacheControl = "no-store";
            await context.Response.WriteAsync(export!.ToJson(), context.RequestAborted).ConfigureAwait(false);
        }
    }

    public async Task EraseAsync(HttpContext context)
    {
        var (ok, request) = await AdminJson.TryReadAsync<SubjectRequest>(context).ConfigureAwait(false);
        if (!ok || !await CheckSubjectAsync(context, request!.SubjectId).ConfigureAwait(false))
        {
            return;
        }

        ErasureResult? result = null;
        if (await RunAsync(context, Erase, request.SubjectId, async ct => result = await rights.EraseAsync(request.SubjectId, ct).ConfigureAwait(false), writeNoContent: false).ConfigureAwait(false))
        {
            await AdminJson.WriteAsync(context, result!).ConfigureAwait(false);
        }
    }

    public async Task RectifyAsync(HttpContext context)
    {
        var (ok, request) = await AdminJson.TryReadAsync<RectifyRequest>(context).ConfigureAwait(false);
        if (!ok || !await CheckSubjectAsync(context, request!.SubjectId).ConfigureAwait(false))
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(request.Entity) || string.IsNullOrWhiteSpace(request.Property))
        {
            await AdminJson.InvalidAsync(context, "Entity and Property are required.").ConfigureAwait(false);
            return;
        }

        var changed = 0;
        if (await RunAsync(context, Rectify, request.SubjectId, async ct => changed = await rights.RectifyAsync(request.SubjectId, request.Entity, request.Property, request.Value, ct).ConfigureAwait(false), writeNoContent: false).ConfigureAwait(false))
        {
            await AdminJson.WriteAsync(context, new RectifyResponse(changed)).ConfigureAwait(false);
        }
    }

    private async Task ObjectionAsync(HttpContext context, AdminOperation operation, Func<string, ProcessingPurpose, CancellationToken, Task> change)
    {
        var (ok, request) = await AdminJson.TryReadAsync<ObjectionRequest>(context).ConfigureAwait(false);
        if (!ok || !await CheckSubjectAsync(context, request!.SubjectId).ConfigureAwait(false))
        {
            return;
        }

        if (!ProcessingPurpose.TryCreate(request.Purpose, out var purpose) || purpose == ProcessingPurpose.LegalObligation)
        {
            await AdminJson.InvalidAsync(context, "Purpose must be a purpose name other than LegalObligation (Art. 21 does not apply to it).").ConfigureAwait(false);
            return;
        }

        await RunAsync(context, operation, request.SubjectId, ct => change(request.SubjectId, purpose, ct)).ConfigureAwait(false);
    }

    private static async Task<bool> CheckSubjectAsync(HttpContext context, string? subjectId)
    {
        if (AdminJson.IsValidSubjectId(subjectId))
        {
            return true;
        }

        await AdminJson.InvalidAsync(context, "SubjectId is required and has at most 200 characters.").ConfigureAwait(false);
        return false;
    }

    /// <summary>
    /// Runs <paramref name="operation"/>'s work in a LegalObligation scope, records the outcome, and answers failures.
    /// Returns whether it succeeded and was recorded (then the caller writes the response, or 204 is written here).
    /// </summary>
    private async Task<bool> RunAsync(HttpContext context, AdminOperation operation, string subjectId, Func<CancellationToken, Task> work, bool writeNoContent = true)
    {
        AccessOutcome outcome;
        string? reason = null;
        Func<Task>? failure = null;
        using (scope.BeginScope(ProcessingPurpose.LegalObligation, recorder.Actor(context.User)))
        {
            try
            {
                await work(context.RequestAborted).ConfigureAwait(false);
                outcome = AccessOutcome.Succeeded;
            }
            catch (PrivacyStoreUnavailableException)
            {
                outcome = AccessOutcome.Failed;
                reason = "store-unavailable";
                failure = () => PrivacyProblemWriter.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, PrivacyProblemTypes.PrivacyStoreUnavailable, "The privacy store is unavailable.");
            }
            catch (AccessLogUnavailableException)
            {
                await PrivacyProblemWriter.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, PrivacyProblemTypes.PrivacyStoreUnavailable, "The access log is unavailable.").ConfigureAwait(false);
                return false;
            }
            catch (ArgumentException)
            {
                // The rights service's messages name entities and properties, never values; still, answer with a fixed text.
                outcome = AccessOutcome.Failed;
                reason = "invalid-request";
                failure = () => AdminJson.InvalidAsync(context, "The entity, property or value is not one this operation accepts.", alreadyRecorded: true);
            }
            catch (InvalidOperationException) when (operation == Rectify)
            {
                outcome = AccessOutcome.Failed;
                reason = "subject-erased";
                failure = () => PrivacyProblemWriter.WriteAsync(context, StatusCodes.Status409Conflict, AdminProblemTypes.SubjectErased, "The subject was erased; there is nothing left to rectify.");
            }
        }

        try
        {
            await recorder.RecordAsync(context, operation, outcome, subjectId, reason).ConfigureAwait(false);
        }
        catch (AccessLogUnavailableException)
        {
            await PrivacyProblemWriter.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, PrivacyProblemTypes.PrivacyStoreUnavailable, "The operation ran but could not be recorded in the access log.").ConfigureAwait(false);
            return false;
        }

        if (failure is not null)
        {
            await failure().ConfigureAwait(false);
            return false;
        }

        if (writeNoContent)
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
        }

        return true;
    }
}
