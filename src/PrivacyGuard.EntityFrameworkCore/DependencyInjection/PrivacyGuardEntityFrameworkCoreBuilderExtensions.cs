using Microsoft.Extensions.DependencyInjection.Extensions;
using PrivacyGuard.EntityFrameworkCore;
using PrivacyGuard.EntityFrameworkCore.Interception;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the services behind <c>UsePrivacyGuard</c>.</summary>
public static class PrivacyGuardEntityFrameworkCoreBuilderExtensions
{
    /// <summary>
    /// Registers the services PrivacyGuard's EF Core interceptors use (singletons shared by every context): subject
    /// keys, pseudonymizers, blind-index keys, the record of erased values and the reads awaiting the access log. Encryption
    /// and the access log also need the privacy store (<c>AddPrivacyStore</c>), which holds the subject keys and the access events.
    /// </summary>
    /// <param name="builder">The PrivacyGuard builder.</param>
    /// <returns>The same builder.</returns>
    public static IPrivacyGuardBuilder AddEntityFrameworkCore(this IPrivacyGuardBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddSingleton<BlindIndexProvider>();
        services.TryAddSingleton<ErasedValues>();
        services.TryAddSingleton<PrivacyGuardEntityServices>();
        return builder;
    }
}
