using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using PrivacyGuard;
using PrivacyGuard.AspNetCore.Admin;
using PrivacyGuard.AspNetCore.ClientAddress;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Registers and maps PrivacyGuard's subject-rights admin API.</summary>
public static class PrivacyGuardAdminExtensions
{
    /// <summary>The OpenAPI document name of the admin API (served at <c>{prefix}/openapi/privacyguard-admin.json</c>).</summary>
    public const string OpenApiDocumentName = "privacyguard-admin";

    /// <summary>Fetching the OpenAPI document: recorded like the other admin calls, admitted or refused.</summary>
    private static readonly AdminOperation OpenApiDocument = new("openapi", PrivacyGuard.AccessLog.AccessAction.Audit);

    /// <summary>
    /// Adds the admin API's services: options from <c>PrivacyGuard:Admin</c> (validated at start-up), the API key
    /// authentication scheme, the <c>PrivacyGuardAdmin</c> and <c>PrivacyGuardAuditor</c> authorization policies, and its
    /// OpenAPI document. The API needs <see cref="PrivacyGuard.Rights.IDataSubjectRights"/>,
    /// <see cref="PrivacyGuard.AccessLog.IAccessLog"/> and <see cref="PrivacyGuard.AccessLog.IAccessLogReader"/> (the EF
    /// Core privacy store provides them).
    /// </summary>
    public static IPrivacyGuardBuilder AddAdminApi(this IPrivacyGuardBuilder builder, Action<PrivacyGuardAdminOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        // Validated when the admin API is mapped (LastGoodOptions), not through ValidateOnStart: that creates an options
        // monitor, which re-validates on every configuration reload and throws from the reload when the new settings
        // are invalid; LastGoodOptions keeps the last good settings instead.
        services.AddOptions<PrivacyGuardAdminOptions>().BindConfiguration(PrivacyGuardAdminOptions.SectionName);
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PrivacyGuardAdminOptions>, PrivacyGuardAdminOptionsValidator>());
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, configureOptions: null);
        services.AddAuthorization();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<AuthorizationOptions>, AdminAuthorizationSetup>());
        services.TryAddSingleton<LastGoodOptions<PrivacyGuardAdminOptions>>();
        services.TryAddSingleton<ClientAddressPseudonymizer>();
        services.TryAddSingleton<AdminAccessRecorder>();
        services.TryAddScoped<SubjectRightsEndpoints>();
        services.TryAddScoped<AccessLogEndpoints>();
        services.AddOpenApi(OpenApiDocumentName, options => options.ShouldInclude = description => description.GroupName == OpenApiDocumentName);
        return builder;
    }

    /// <summary>
    /// Maps the admin API under <paramref name="prefix"/> when <c>PrivacyGuard:Admin:Enabled</c> is true (otherwise maps
    /// nothing). Subject operations need the admin role; access-log operations the admin or auditor role. Every call,
    /// refused ones included, is an access event.
    /// </summary>
    public static RouteGroupBuilder MapPrivacyGuardAdmin(this IEndpointRouteBuilder endpoints, string prefix = "/privacy")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<PrivacyGuardAdminOptions>>().Value;
        if (options.Enabled)
        {
            // Validates the settings now (start-up) and follows configuration reloads from here on.
            _ = endpoints.ServiceProvider.GetRequiredService<LastGoodOptions<PrivacyGuardAdminOptions>>();
        }

        var group = endpoints.MapGroup(prefix).WithGroupName(OpenApiDocumentName).WithTags("PrivacyGuard admin");
        if (!options.Enabled)
        {
            return group;
        }

        MapSubject(group, "/subjects/restrict", SubjectRightsEndpoints.Restrict, (HttpContext c, SubjectRightsEndpoints e) => e.RestrictAsync(c)).AcceptsJson<RestrictRequest>().Produces(StatusCodes.Status204NoContent);
        MapSubject(group, "/subjects/lift-restriction", SubjectRightsEndpoints.Lift, (HttpContext c, SubjectRightsEndpoints e) => e.LiftAsync(c)).AcceptsJson<SubjectRequest>().Produces(StatusCodes.Status204NoContent);
        MapSubject(group, "/subjects/object", SubjectRightsEndpoints.Object, (HttpContext c, SubjectRightsEndpoints e) => e.ObjectAsync(c)).AcceptsJson<ObjectionRequest>().Produces(StatusCodes.Status204NoContent);
        MapSubject(group, "/subjects/withdraw-objection", SubjectRightsEndpoints.Withdraw, (HttpContext c, SubjectRightsEndpoints e) => e.WithdrawAsync(c)).AcceptsJson<ObjectionRequest>().Produces(StatusCodes.Status204NoContent);
        MapSubject(group, "/subjects/export", SubjectRightsEndpoints.Export, (HttpContext c, SubjectRightsEndpoints e) => e.ExportAsync(c)).AcceptsJson<SubjectRequest>().Produces<PrivacyGuard.Rights.SubjectExport>();
        MapSubject(group, "/subjects/erase", SubjectRightsEndpoints.Erase, (HttpContext c, SubjectRightsEndpoints e) => e.EraseAsync(c)).AcceptsJson<SubjectRequest>().Produces<PrivacyGuard.Rights.ErasureResult>();
        MapSubject(group, "/subjects/rectify", SubjectRightsEndpoints.Rectify, (HttpContext c, SubjectRightsEndpoints e) => e.RectifyAsync(c)).AcceptsJson<RectifyRequest>().Produces<RectifyResponse>().ProducesProblem(StatusCodes.Status409Conflict);

        group.MapGet("/access-log", (HttpContext c, AccessLogEndpoints e) => e.QueryAsync(c))
            .RequireAdminAuthorization(AdminAuthorizationSetup.AuditorPolicy, AccessLogEndpoints.Query)
            .Produces<List<AccessLogEntry>>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/access-log/verify", (HttpContext c, AccessLogEndpoints e) => e.VerifyAsync(c))
            .RequireAdminAuthorization(AdminAuthorizationSetup.AuditorPolicy, AccessLogEndpoints.Verify)
            .Produces<PrivacyGuard.AccessLog.AccessLogVerification>().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/access-log/subject-token", (HttpContext c, AccessLogEndpoints e) => e.TokenAsync(c))
            .RequireAdminAuthorization(AdminAuthorizationSetup.AuditorPolicy, AccessLogEndpoints.Token)
            .AcceptsJson<SubjectRequest>().Produces<SubjectTokenResponse>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);

        group.MapOpenApi("/openapi/{documentName}.json").RequireAdminAuthorization(AdminAuthorizationSetup.AuditorPolicy, OpenApiDocument, recordAdmitted: true);
        return group;
    }

    /// <summary>
    /// Documents a required JSON body of <typeparamref name="T"/> in the OpenAPI document, and only there:
    /// <c>Accepts&lt;T&gt;()</c> would also make routing answer any other media type with an empty 415 before
    /// authorization runs, so an anonymous call got 415 instead of 401 and no call was recorded. The handlers check
    /// the media type themselves (415 problem, recorded) once the caller is authorized.
    /// </summary>
    private static RouteHandlerBuilder AcceptsJson<T>(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var schema = await context.GetOrCreateSchemaAsync(typeof(T), parameterDescription: null, cancellationToken).ConfigureAwait(false);
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal) { ["application/json"] = new() { Schema = schema } },
            };
        });

    /// <summary>
    /// Authorizes <paramref name="operation"/> with <paramref name="policy"/> (and whatever authorization the host adds to
    /// the admin route group) in the endpoint's own filter (<see cref="AdminAuthorizationFilter"/>), which records and
    /// answers refusals whatever
    /// <see cref="Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler"/> the host registers. The
    /// policy stays on the endpoint so the authorization middleware authenticates the caller with its schemes;
    /// <c>AllowAnonymous</c> keeps the middleware from refusing the call before the filter can record it.
    /// </summary>
    private static TBuilder RequireAdminAuthorization<TBuilder>(this TBuilder builder, string policy, AdminOperation operation, bool recordAdmitted = false)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(operation)
            .RequireAuthorization(policy)
            .AllowAnonymous()
            .AddEndpointFilter(new AdminAuthorizationFilter(operation, recordAdmitted));

    private static RouteHandlerBuilder MapSubject(RouteGroupBuilder group, string pattern, AdminOperation operation, Delegate handler) =>
        group.MapPost(pattern, handler)
            .RequireAdminAuthorization(AdminAuthorizationSetup.AdminPolicy, operation)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}
