using Microsoft.Extensions.DependencyInjection;
using PrivacyGuard.Tests;

namespace PrivacyGuard.AspNetCore.Tests.Logging;

/// <summary>A PrivacyGuard service provider on the fixed test key ring, for token-mode logging tests.</summary>
internal static class TestPseudonymizers
{
    public static IPrivacyGuardBuilder AddTestPrivacyGuard(this IServiceCollection services) =>
        services.AddPrivacyGuard(keys =>
        {
            keys.CurrentKeyId = "ka";
            keys.Keys["ka"] = TestKeys.SecretA;
        });

    public static ServiceProvider Build()
    {
        var services = new ServiceCollection();
        services.AddTestPrivacyGuard();
        return services.BuildServiceProvider();
    }
}
