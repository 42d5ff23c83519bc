using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using PrivacyGuard.AccessLog;
using PrivacyGuard.Tests;

namespace PrivacyGuard.AspNetCore.Tests;

/// <summary>
/// Starts a real Kestrel application the way a host wires PrivacyGuard: <c>AddPrivacyGuard(configuration)</c> with the
/// EF Core privacy store on <paramref name="store"/>, <c>AddAspNetCore(configuration)</c>, a
/// <see cref="RecordingAccessLog"/>, then <c>UsePrivacyGuard()</c> before the test's middleware and endpoints.
/// </summary>
public static class EdgeHost
{
    public static Task<KestrelHost> StartAsync(
        TestStore store,
        IDictionary<string, string?> settings,
        Action<WebApplication> configureApp,
        RecordingAccessLog? accessLog = null,
        Action<IPrivacyGuardBuilder>? configureGuard = null,
        bool registerAccessLog = true,
        Action<WebApplication>? beforeGuard = null,
        Action<WebApplicationBuilder>? configureServices = null) =>
        KestrelHost.StartAsync(
            builder =>
            {
                builder.Logging.ClearProviders();
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings)
                {
                    ["PrivacyGuard:KeyRing:CurrentKeyId"] = "ka",
                    ["PrivacyGuard:KeyRing:Keys:ka"] = TestKeys.SecretA,
                });
                var guard = builder.Services.AddPrivacyGuard(builder.Configuration)
                    .AddPrivacyStore(store.Configure)
                    .AddAspNetCore(builder.Configuration);
                configureGuard?.Invoke(guard);
                configureServices?.Invoke(builder);
                // The privacy store registers the real access log; these tests swap in a recording one, or none at all.
                builder.Services.RemoveAll<IAccessLog>();
                if (registerAccessLog)
                {
                    builder.Services.AddSingleton<IAccessLog>(accessLog ?? new RecordingAccessLog());
                }
            },
            app =>
            {
                beforeGuard?.Invoke(app);
                app.UsePrivacyGuard();
                configureApp(app);
            },
            TestContext.Current.CancellationToken);
}
