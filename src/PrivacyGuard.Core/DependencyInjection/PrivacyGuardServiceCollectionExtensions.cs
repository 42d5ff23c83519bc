using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PrivacyGuard;
using PrivacyGuard.Encryption;
using PrivacyGuard.Keys;
using PrivacyGuard.Restriction;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers PrivacyGuard's core services: the key ring and the pseudonymizers.</summary>
public static class PrivacyGuardServiceCollectionExtensions
{
    /// <summary>
    /// Adds PrivacyGuard configured from <paramref name="configuration"/>'s <c>PrivacyGuard</c> section
    /// (<c>PrivacyGuard:KeyRing</c>, <c>PrivacyGuard:Email</c>, <c>PrivacyGuard:IpAddresses</c>, <c>PrivacyGuard:Scopes</c>,
    /// <c>PrivacyGuard:SubjectKeys</c>). A privacy store (<c>AddPrivacyStore</c>) adds per-subject encryption keys.
    /// Options are validated when the host starts; errors name the setting, never a key.
    /// </summary>
    public static IPrivacyGuardBuilder AddPrivacyGuard(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(PrivacyGuardOptions.SectionName);
        var builder = services.AddPrivacyGuardCore();
        services.AddOptions<KeyRingOptions>().Bind(section.GetSection("KeyRing"));
        services.AddOptions<PrivacyGuardOptions>().Bind(section);
        services.AddOptions<SubjectKeyOptions>().Bind(section.GetSection("SubjectKeys"));
        return builder;
    }

    /// <summary>
    /// Sets what applies outside any privacy scope: the default purpose, or <see cref="PrivacyScopeOptions.RequireScope"/>
    /// to refuse such processing.
    /// </summary>
    public static IPrivacyGuardBuilder ConfigureScopes(this IPrivacyGuardBuilder builder, Action<PrivacyScopeOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>Adds PrivacyGuard configured in code.</summary>
    public static IPrivacyGuardBuilder AddPrivacyGuard(this IServiceCollection services, Action<KeyRingOptions> configureKeys, Action<PrivacyGuardOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configureKeys);
        var builder = services.AddPrivacyGuardCore();
        services.Configure(configureKeys);
        if (configure is not null)
        {
            services.Configure(configure);
        }

        return builder;
    }

    private static PrivacyGuardBuilder AddPrivacyGuardCore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptionsWithValidateOnStart<KeyRingOptions>();
        services.AddOptionsWithValidateOnStart<PrivacyGuardOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KeyRingOptions>, KeyRingOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PrivacyGuardOptions>, PrivacyGuardOptionsValidator>());
        services.TryAddSingleton(sp => KeyRingLoader.Load(sp.GetRequiredService<IOptions<KeyRingOptions>>().Value));
        services.TryAddSingleton<IPseudonymizerProvider, PseudonymizerProvider>();
        services.AddOptionsWithValidateOnStart<SubjectKeyOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SubjectKeyOptions>, SubjectKeyOptionsValidator>());
        services.TryAddSingleton<IKeyEncryptionKeyProvider>(sp => new LocalKeyEncryptionKeyProvider(sp.GetRequiredService<KeyRing>()));
        services.TryAddSingleton<FieldEncryptor>();
        services.AddOptionsWithValidateOnStart<PrivacyScopeOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PrivacyScopeOptions>, PrivacyScopeOptionsValidator>());
        services.TryAddSingleton<IPrivacyScope, PrivacyScope>();
        return new PrivacyGuardBuilder(services);
    }
}
