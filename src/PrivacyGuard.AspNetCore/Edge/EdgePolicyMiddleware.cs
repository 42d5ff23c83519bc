using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features.Authentication;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PrivacyGuard.AccessLog;
using PrivacyGuard.AspNetCore.ClientAddress;
using PrivacyGuard.AspNetCore.Problems;
using PrivacyGuard.AspNetCore.Purposes;
using PrivacyGuard.AspNetCore.Subjects;
using PrivacyGuard.Restriction;

namespace PrivacyGuard.AspNetCore.Edge;

/// <summary>
/// Second PrivacyGuard middleware: takes the endpoint's purpose (or the default), begins the request's privacy scope,
/// resolves the data subject, refuses restricted subjects and objections with 403 before the endpoint runs, and records
/// the access (denied or allowed) in the access log, refusing with 503 when the log cannot be written.
/// </summary>
internal sealed partial class EdgePolicyMiddleware
{
    private readonly RequestDelegate _next;
    private readonly ISubjectResolver _subjects;
    private readonly IRestrictionRegistry _restrictions;
    private readonly IAccessLog _accessLog;
    private readonly IPrivacyScope _scope;
    private readonly ILogger _logger;
    private readonly ProcessingPurpose _defaultPurpose;

    public EdgePolicyMiddleware(
        RequestDelegate next,
        IOptions<PrivacyGuardMiddlewareOptions> options,
        ISubjectResolver subjects,
        IRestrictionRegistry restrictions,
        IAccessLog accessLog,
        IPrivacyScope scope,
        ILogger<EdgePolicyMiddleware> logger)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(options);
        _next = next;
        _subjects = subjects ?? throw new ArgumentNullException(nameof(subjects));
        _restrictions = restrictions ?? throw new ArgumentNullException(nameof(restrictions));
        _accessLog = accessLog ?? throw new ArgumentNullException(nameof(accessLog));
        _scope = scope ?? throw new ArgumentNullException(nameof(scope));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _defaultPurpose = ProcessingPurpose.Create(options.Value.DefaultPurpose);
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var feature = context.Features.Get<IPrivacyGuardRequestFeature>() as PrivacyGuardRequestFeature ?? new PrivacyGuardRequestFeature();
        context.Features.Set<IPrivacyGuardRequestFeature>(feature);
        var endpoint = context.GetEndpoint();
        var purpose = endpoint?.Metadata.GetMetadata<IRequiresPurposeMetadata>()?.Purpose ?? _defaultPurpose;
        var actor = ActorOf(context);
        feature.Purpose = purpose;
        feature.Actor = actor;

        using var scope = _scope.BeginScope(purpose, actor);
        string? subject;
        try
        {
            subject = await _subjects.ResolveAsync(context).ConfigureAwait(false);
        }
        catch (AmbiguousSubjectException)
        {
            LogAmbiguousSubject(_logger);
            await PrivacyProblemWriter.WriteAsync(context, StatusCodes.Status400BadRequest, PrivacyProblemTypes.SubjectRequired,
                "Ambiguous data subject", "The request names more than one data subject.").ConfigureAwait(false);
            return;
        }

        if (subject is null)
        {
            await _next(context).ConfigureAwait(false);
            return;
        }

        var token = _accessLog.TokenizeSubject(subject);
        feature.SubjectToken = token;
        var decision = _restrictions.Check(subject, purpose);
        var accessEvent = new AccessEvent
        {
            Action = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) ? AccessAction.Read : AccessAction.Write,
            Outcome = decision == ProcessingDecision.Allowed ? AccessOutcome.Succeeded : AccessOutcome.Denied,
            Resource = ResourceOf(endpoint),
            SubjectToken = token,
            Purpose = purpose,
            Actor = actor,
            ClientAddress = feature.ClientAddress,
            Reason = ReasonOf(decision),
        };

        try
        {
            await _accessLog.RecordAsync(accessEvent, context.RequestAborted).ConfigureAwait(false);
        }
        catch (AccessLogUnavailableException)
        {
            LogAccessLogUnavailable(_logger, accessEvent.Resource);
            await PrivacyProblemWriter.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, PrivacyProblemTypes.PrivacyStoreUnavailable,
                "Privacy store unavailable", "The access could not be recorded, so personal data is not processed.").ConfigureAwait(false);
            return;
        }

        switch (decision)
        {
            case ProcessingDecision.Allowed:
                await _next(context).ConfigureAwait(false);
                return;
            case ProcessingDecision.Restricted:
                LogDenied(_logger, accessEvent.Resource, purpose.Name, "processing-restricted", token);
                await PrivacyProblemWriter.WriteAsync(context, StatusCodes.Status403Forbidden, PrivacyProblemTypes.ProcessingRestricted,
                    "Processing restricted", "Processing of this data subject's personal data is restricted.").ConfigureAwait(false);
                return;
            default:
                LogDenied(_logger, accessEvent.Resource, purpose.Name, "objection", token);
                await PrivacyProblemWriter.WriteAsync(context, StatusCodes.Status403Forbidden, PrivacyProblemTypes.Objection,
                    "Objection to this purpose", "The data subject objected to processing for this endpoint's purpose.").ConfigureAwait(false);
                return;
        }
    }

    /// <summary>
    /// The actor: the authenticated user's name (else name identifier) as an access-log token, <c>authenticated</c> for
    /// a user with neither, or <c>anonymous</c>; never a raw identifier.
    /// </summary>
    private string ActorOf(HttpContext context)
    {
        // Read from the feature: HttpContext.User would create an empty principal for every anonymous request.
        var user = context.Features.Get<IHttpAuthenticationFeature>()?.User;
        if (user?.Identity is not { IsAuthenticated: true } identity)
        {
            return "anonymous";
        }

        var name = identity.Name is { Length: > 0 } n ? n : user.FindFirst(ClaimTypes.NameIdentifier)?.Value;
        return string.IsNullOrEmpty(name) ? "authenticated" : "user:" + _accessLog.TokenizeSubject(name);
    }

    /// <summary>The route pattern, never the request path (which may hold personal data).</summary>
    private static string ResourceOf(Endpoint? endpoint) => endpoint switch
    {
        RouteEndpoint route => route.RoutePattern.RawText ?? "(route)",
        null => "(no endpoint)",
        _ => "(endpoint)",
    };

    private static string? ReasonOf(ProcessingDecision decision) => decision switch
    {
        ProcessingDecision.Restricted => "processing-restricted",
        ProcessingDecision.Objected => "objection",
        _ => null,
    };

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Refused {Resource} for {Purpose}: {Reason} (subject {SubjectToken}).")]
    private static partial void LogDenied(ILogger logger, string resource, string purpose, string reason, string subjectToken);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Error, Message = "The access log is unavailable; refused {Resource} with 503.")]
    private static partial void LogAccessLogUnavailable(ILogger logger, string resource);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "Refused a request naming more than one data subject with 400.")]
    private static partial void LogAmbiguousSubject(ILogger logger);
}
