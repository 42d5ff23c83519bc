using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PrivacyGuard.AspNetCore.BodyRewriting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers JSON request body rewriting for endpoints that declare field rules.</summary>
public static class JsonBodyRewritingPrivacyGuardBuilderExtensions
{
    /// <summary>Registers JSON body rewriting, optionally configuring its limits.</summary>
    public static IPrivacyGuardBuilder AddJsonBodyRewriting(this IPrivacyGuardBuilder builder, Action<JsonBodyRewritingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddCore(builder.Services);
        if (configure is not null)
        {
            builder.Services.Configure(configure);
        }

        return builder;
    }

    /// <summary>Registers JSON body rewriting with limits bound from <paramref name="section"/> (usually <c>PrivacyGuard:Json</c>).</summary>
    public static IPrivacyGuardBuilder AddJsonBodyRewriting(this IPrivacyGuardBuilder builder, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(section);
        AddCore(builder.Services);
        builder.Services.AddOptions<JsonBodyRewritingOptions>().Bind(section);
        return builder;
    }

    private static void AddCore(IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<JsonBodyRewritingOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JsonBodyRewritingOptions>, JsonBodyRewritingOptionsValidator>());
        services.TryAddSingleton<JsonRewriterCache>();
    }
}
