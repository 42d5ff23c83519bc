using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PrivacyGuard.AccessLog;
using PrivacyGuard.Keys;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the access log (<see cref="IAccessLog"/>, <see cref="IAccessLogReader"/>) over a registered <see cref="IAccessLogStore"/>.</summary>
public static class AccessLogBuilderExtensions
{
    /// <summary>
    /// Adds the access log with options from <paramref name="configuration"/>'s <c>PrivacyGuard:AccessLog</c> section
    /// (<c>OnFailure</c>, <c>MaxBatchSize</c>). The privacy store (<c>AddPrivacyStore</c>) adds it with defaults and
    /// provides the <see cref="IAccessLogStore"/>.
    /// </summary>
    /// <param name="builder">The PrivacyGuard builder.</param>
    /// <param name="configuration">The application's configuration root.</param>
    /// <returns>The same builder.</returns>
    public static IPrivacyGuardBuilder AddAccessLog(this IPrivacyGuardBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        builder.Services.AddOptions<AccessLogOptions>().Bind(configuration.GetSection(AccessLogOptions.SectionName));
        return builder.AddAccessLog(configure: null);
    }

    /// <summary>Adds the access log, optionally configured in code; repeated calls add settings, not services.</summary>
    /// <param name="builder">The PrivacyGuard builder.</param>
    /// <param name="configure">Optional settings, such as <see cref="AccessLogOptions.OnFailure"/>.</param>
    /// <returns>The same builder.</returns>
    public static IPrivacyGuardBuilder AddAccessLog(this IPrivacyGuardBuilder builder, Action<AccessLogOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptionsWithValidateOnStart<AccessLogOptions>();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AccessLogOptions>, AccessLogOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new AccessLogKeys(sp.GetRequiredService<KeyRing>()));
        services.TryAddSingleton(sp => new AccessLogWriter(
            sp.GetRequiredService<IAccessLogStore>(),
            sp.GetRequiredService<AccessLogKeys>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<AccessLogOptions>>(),
            sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance));
        services.TryAddSingleton<IAccessLog>(sp => sp.GetRequiredService<AccessLogWriter>());
        services.TryAddSingleton<IAccessLogReader>(sp => new AccessLogReader(sp.GetRequiredService<IAccessLogStore>(), sp.GetRequiredService<AccessLogKeys>()));
        return builder;
    }
}
