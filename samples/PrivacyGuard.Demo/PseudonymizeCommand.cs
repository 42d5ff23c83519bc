using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PrivacyGuard.Keys;
using PrivacyGuard.Pseudonymization;

namespace PrivacyGuard.Demo;

/// <summary>
/// <c>pseudonymize [--purpose NAME] [--ip-mode Truncate|PrefixPreserving|Token] VALUE...</c>: prints each e-mail or IP
/// address with its pseudonymized form; values also come from stdin. Creates the development key file on first use.
/// </summary>
internal static class PseudonymizeCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var purpose = ProcessingPurpose.ServiceDelivery;
        var overrides = new Dictionary<string, string?>();
        var values = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--purpose" when i + 1 < args.Length:
                    purpose = ProcessingPurpose.Create(args[++i]);
                    break;
                case "--ip-mode" when i + 1 < args.Length:
                    overrides["PrivacyGuard:IpAddresses:Mode"] = args[++i];
                    break;
                case "--help" or "-h":
                    output.WriteLine("usage: PrivacyGuard.Demo [serve [--gateway-port N] [--service-port N]]  |  pseudonymize [--purpose NAME] [--ip-mode Truncate|PrefixPreserving|Token] VALUE...  |  keys new [--id ID] [--out PATH]  |  keys rewrap [--page-size N]");
                    return 0;
                default:
                    values.Add(args[i]);
                    break;
            }
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            overrides[key] = value;
        }

        var configuration = DemoConfiguration.Build(overrides);

        var keyFile = configuration["PrivacyGuard:KeyRing:KeyFile"];
        if (keyFile is not null && configuration.GetSection("PrivacyGuard:KeyRing:Keys").GetChildren().Any() is false)
        {
            DevelopmentKeys.EnsureKeyFile(keyFile, error);
        }

        var services = new ServiceCollection();
        services.AddPrivacyGuard(configuration);
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        IPseudonymizerProvider pseudonymizers;
        try
        {
            pseudonymizers = provider.GetRequiredService<IPseudonymizerProvider>();
            _ = pseudonymizers.GetEmailPseudonymizer(purpose);
        }
        catch (Exception e) when (e is KeyRingException or Microsoft.Extensions.Options.OptionsValidationException)
        {
            error.WriteLine("error: " + e.Message);
            return 2;
        }

        if (values.Count == 0 && Console.IsInputRedirected)
        {
            while (Console.In.ReadLine() is { } line)
            {
                if (!string.IsNullOrWhiteSpace(line))
                {
                    values.Add(line);
                }
            }
        }

        if (values.Count == 0)
        {
            error.WriteLine("Give e-mail addresses or IP addresses as arguments or on stdin, e.g.: jane.doe@example.com 203.0.113.7");
            return 1;
        }

        var exitCode = 0;
        foreach (var value in values)
        {
            try
            {
                var result = value.Contains('@', StringComparison.Ordinal)
                    ? pseudonymizers.GetEmailPseudonymizer(purpose).Pseudonymize(value)
                    : pseudonymizers.GetIpAddressPseudonymizer(purpose).Pseudonymize(value);
                output.WriteLine($"{value} -> {result}");
            }
            catch (PseudonymizationException e)
            {
                // The message names the problem, not the value; the value itself is the user's own input.
                output.WriteLine($"{value} -> error: {e.Message}");
                exitCode = 1;
            }
        }

        return exitCode;
    }
}
