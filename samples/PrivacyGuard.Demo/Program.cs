using PrivacyGuard.Demo.Stack;
using PrivacyGuard.Demo.Walkthrough;

namespace PrivacyGuard.Demo;

/// <summary>
/// Usage:
///   dotnet run --project samples/PrivacyGuard.Demo                      the gateway in front of the AccountService sample
///   dotnet run --project samples/PrivacyGuard.Demo -- serve [--gateway-port N] [--service-port N]
///   dotnet run --project samples/PrivacyGuard.Demo -- --walkthrough     the whole story over HTTP, step by step (exit 0: all passed)
///   dotnet run --project samples/PrivacyGuard.Demo -- pseudonymize [--purpose NAME] [--ip-mode Truncate|PrefixPreserving|Token] VALUE...
///   echo jane@example.com | dotnet run --project samples/PrivacyGuard.Demo -- pseudonymize
///   dotnet run --project samples/PrivacyGuard.Demo -- keys new [--id ID] [--out PATH]
///   dotnet run --project samples/PrivacyGuard.Demo -- keys rewrap [--page-size N]
/// Any other first argument is taken as a value to pseudonymize, as in earlier versions.
/// </summary>
internal static class DemoProgram
{
    public static async Task<int> Main(string[] args) => args switch
    {
        [] => await ServeCommand.RunAsync([], Console.Out, Console.Error).ConfigureAwait(false),
        ["--walkthrough" or "walkthrough", .. var rest] => await WalkthroughCommand.RunAsync(rest, Console.Out, Console.Error).ConfigureAwait(false),
        ["serve", .. var rest] => await ServeCommand.RunAsync(rest, Console.Out, Console.Error).ConfigureAwait(false),
        ["keys", "new", .. var rest] => KeysCommand.Run(rest, Console.Out, Console.Error),
        ["keys", "rewrap", .. var rest] => await RewrapCommand.RunAsync(rest, Console.Out, Console.Error).ConfigureAwait(false),
        ["pseudonymize", .. var rest] => await PseudonymizeCommand.RunAsync(rest, Console.Out, Console.Error).ConfigureAwait(false),
        _ => await PseudonymizeCommand.RunAsync(args, Console.Out, Console.Error).ConfigureAwait(false),
    };
}
