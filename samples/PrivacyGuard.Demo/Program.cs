using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PrivacyGuard;
using PrivacyGuard.Demo;
using PrivacyGuard.Keys;
using PrivacyGuard.Pseudonymization;

// Usage:
//   dotnet run --project samples/PrivacyGuard.Demo -- [--purpose NAME] [--ip-mode Truncate|PrefixPreserving|Token] VALUE...
//   echo jane@example.com | dotnet run --project samples/PrivacyGuard.Demo
//   dotnet run --project samples/PrivacyGuard.Demo -- keys new [--id ID] [--out PATH]
//   dotnet run --project samples/PrivacyGuard.Demo -- keys rewrap [--page-size N]
if (args is ["keys", "new", ..])
{
    return KeysCommand.Run(args[2..], Console.Out, Console.Error);
}

if (args is ["keys", "rewrap", ..])
{
    return await RewrapCommand.RunAsync(args[2..], Console.Out, Console.Error);
}

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
            Console.WriteLine("usage: PrivacyGuard.Demo [--purpose NAME] [--ip-mode Truncate|PrefixPreserving|Token] VALUE...  |  keys new [--id ID] [--out PATH]  |  keys rewrap [--page-size N]");
            return 0;
        default:
            values.Add(args[i]);
            break;
    }
}

var configuration = DemoConfiguration.Build(overrides);

var keyFile = configuration["PrivacyGuard:KeyRing:KeyFile"];
if (keyFile is not null && configuration.GetSection("PrivacyGuard:KeyRing:Keys").GetChildren().Any() is false)
{
    DevelopmentKeys.EnsureKeyFile(keyFile, Console.Error);
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
    Console.Error.WriteLine("error: " + e.Message);
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
    Console.Error.WriteLine("Give e-mail addresses or IP addresses as arguments or on stdin, e.g.: jane.doe@example.com 203.0.113.7");
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
        Console.WriteLine($"{value} -> {result}");
    }
    catch (PseudonymizationException e)
    {
        // The message names the problem, not the value; the value itself is the user's own input.
        Console.WriteLine($"{value} -> error: {e.Message}");
        exitCode = 1;
    }
}

return exitCode;
