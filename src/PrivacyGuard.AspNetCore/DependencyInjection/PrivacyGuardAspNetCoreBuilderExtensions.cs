using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PrivacyGuard;
using PrivacyGuard.AspNetCore;
using PrivacyGuard.AspNetCore.Subjects;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the PrivacyGuard ASP.NET Core middleware's services; <c>app.UsePrivacyGuard()</c> adds the middleware.</summary>
public static class PrivacyGuardAspNetCoreBuilderExtensions
{
    /// <summary>
    /// Adds the middleware's services configured from <paramref name="configuration"/>'s <c>PrivacyGuard</c> section
    /// (<c>ClientAddress</c>, <c>ForwardedHeaders</c>, <c>Subject</c>, <c>DefaultPurpose</c>, and <c>Json</c> for body
    /// rewriting limits; pass the application's configuration root). Options are validated when the host starts.
    /// </summary>
    public static IPrivacyGuardBuilder AddAspNetCore(this IPrivacyGuardBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        builder.Services.AddOptions<PrivacyGuardMiddlewareOptions>().Bind(configuration.GetSection(PrivacyGuardOptions.SectionName));
        builder.AddJsonBodyRewriting(configuration.GetSection(PrivacyGuardOptions.SectionName + ":Json"));
        return builder.AddAspNetCoreServices();
    }

    /// <summary>Adds the middleware's services configured in code. Options are validated when the host starts.</summary>
    public static IPrivacyGuardBuilder AddAspNetCore(this IPrivacyGuardBuilder builder, Action<PrivacyGuardMiddlewareOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (configure is not null)
        {
            builder.Services.Configure(configure);
        }

        builder.AddJsonBodyRewriting();
        return builder.AddAspNetCoreServices();
    }

    /// <summary>
    /// Uses <typeparamref name="TResolver"/> (a singleton) to find each request's data subject instead of the built-in
    /// resolver configured by <c>PrivacyGuard:Subject</c>.
    /// </summary>
    public static IPrivacyGuardBuilder AddSubjectResolver<TResolver>(this IPrivacyGuardBuilder builder)
        where TResolver : class, ISubjectResolver
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<ISubjectResolver, TResolver>());
        return builder;
    }

    private static IPrivacyGuardBuilder AddAspNetCoreServices(this IPrivacyGuardBuilder builder)
    {
        var services = builder.Services;
        services.AddOptionsWithValidateOnStart<PrivacyGuardMiddlewareOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PrivacyGuardMiddlewareOptions>, PrivacyGuardMiddlewareOptionsValidator>());
        services.TryAddSingleton(sp => BuiltInSubjectResolver(sp.GetRequiredService<IOptions<PrivacyGuardMiddlewareOptions>>().Value.Subject));
        services.TryAddSingleton<PrivacyGuardMiddlewareMarker>();
        return builder;
    }

    private static ISubjectResolver BuiltInSubjectResolver(SubjectOptions options) => options.Source switch
    {
        SubjectSource.Claim => new ClaimSubjectResolver(options.Name!),
        SubjectSource.RouteValue => new RouteValueSubjectResolver(options.Name!),
        SubjectSource.Header => new HeaderSubjectResolver(options.Name!),
        _ => new NoSubjectResolver(),
    };
}
