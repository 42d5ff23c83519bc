using System.Text;
using Microsoft.Data.Sqlite;
using PrivacyGuard.Demo.Stack;

namespace PrivacyGuard.Demo.Walkthrough;

/// <summary>
/// <c>--walkthrough</c> (or <c>walkthrough</c>): starts the stack on free loopback ports with a fresh data folder under the
/// system's temporary folder (so it never touches <c>.data/</c> and every run starts from an empty database and new
/// keys), runs <see cref="WalkthroughScript"/> over real HTTP, stops the stack, deletes the folder, and exits 0 only when
/// every step behaved as described.
/// </summary>
internal static class WalkthroughCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length > 0)
        {
            error.WriteLine("usage: --walkthrough   (no options: it starts its own stack on free ports in a temporary data folder)");
            return 2;
        }

        if (ReferenceEquals(output, Console.Out))
        {
            Console.OutputEncoding = Encoding.UTF8;
        }

        return await RunAsync(output, configure: null).ConfigureAwait(false);
    }

    /// <summary>Runs the walkthrough; <paramref name="configure"/> may change the stack's options (tests break it on purpose).</summary>
    internal static async Task<int> RunAsync(TextWriter output, Action<DemoStackOptions>? configure)
    {
        var folder = Path.Combine(Path.GetTempPath(), "privacyguard-walkthrough-" + Guid.NewGuid().ToString("N")[..12]);
        var report = new StepReport(output);
        try
        {
            var options = new DemoStackOptions { GatewayPort = 0, ServicePort = 0, DataDirectory = folder, RecordUpstream = true };
            configure?.Invoke(options);
            await using (var stack = await DemoStack.StartAsync(options, output).ConfigureAwait(false))
            {
                output.WriteLine($"""
                    PrivacyGuard walkthrough
                      gateway          {stack.GatewayAddress}
                      account service  {stack.ServiceAddress}
                      data             {folder} (temporary, deleted afterwards)
                      admin API key    {stack.AdminApiKey} (development only; header X-PrivacyGuard-Key)

                    """);
                using var script = new WalkthroughScript(stack, report, output);
                await script.RunAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        output.WriteLine();
        output.WriteLine(report.Failed
            ? $"{StepReport.FailedMark} walkthrough failed at step {report.Steps}"
            : $"{StepReport.Passed} all {report.Steps} steps behaved as described");
        return report.Failed ? 1 : 0;
    }
}
