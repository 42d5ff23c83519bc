using Microsoft.Extensions.Configuration;

namespace PrivacyGuard.Demo;

/// <summary>The demo's configuration: appsettings.json beside the program, then environment variables, then overrides.</summary>
internal static class DemoConfiguration
{
    public static IConfigurationRoot Build(IDictionary<string, string?>? overrides = null) =>
        new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides ?? new Dictionary<string, string?>())
            .Build();
}
