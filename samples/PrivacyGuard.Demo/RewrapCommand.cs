using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PrivacyGuard.Encryption;
using PrivacyGuard.EntityFrameworkCore;
using PrivacyGuard.Keys;
using PrivacyGuard.Storage;

namespace PrivacyGuard.Demo;

/// <summary>
/// <c>keys rewrap [--page-size N]</c>: after a new current root key is configured, re-wraps every data key in the privacy
/// store under it, page by page, printing progress. Values are not touched. Safe to stop and run again: it resumes with
/// the keys not yet re-wrapped. The store and key ring come from the usual configuration (<c>PrivacyGuard:Store</c>,
/// <c>PrivacyGuard:KeyRing</c>).
/// </summary>
internal static class RewrapCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var pageSize = 500;
        if (args is ["--page-size", var size] && (!int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize < 1))
        {
            error.WriteLine("error: --page-size must be a positive whole number.");
            return 1;
        }
        else if (args.Length != 0 && args is not ["--page-size", _])
        {
            error.WriteLine("usage: keys rewrap [--page-size N]");
            return 1;
        }

        var configuration = DemoConfiguration.Build();
        var services = new ServiceCollection();
        services.AddPrivacyGuard(configuration).AddPrivacyStore(configuration);
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        try
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
            await provider.GetRequiredService<PrivacyStoreMigrator>().MigrateAsync();
            var keys = provider.GetRequiredService<SubjectKeyService>();
            var current = provider.GetRequiredService<IKeyEncryptionKeyProvider>().CurrentKeyId;
            output.WriteLine($"re-wrapping data keys under root key {current}...");
            var result = await keys.RewrapAsync(new ConsoleProgress(output), pageSize);
            output.WriteLine($"done: {result.Rewrapped} re-wrapped, {result.Skipped} changed meanwhile and left alone.");
            return 0;
        }
        catch (Exception e) when (e is KeyRingException or OptionsValidationException or PrivacyStoreUnavailableException
            or UnknownRootKeyException or RetiredRootKeyException or DataKeyUnavailableException)
        {
            error.WriteLine("error: " + e.Message);
            return 2;
        }
    }

    private sealed class ConsoleProgress(TextWriter output) : IProgress<RootKeyRotationResult>
    {
        public void Report(RootKeyRotationResult value) => output.WriteLine($"  {value.Rewrapped} re-wrapped so far");
    }
}
