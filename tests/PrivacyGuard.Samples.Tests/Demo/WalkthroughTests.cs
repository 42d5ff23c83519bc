using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using PrivacyGuard.Demo.Walkthrough;

namespace PrivacyGuard.Samples.Tests.Demo;

/// <summary>
/// The walkthrough (<c>dotnet run --project samples/PrivacyGuard.Demo -- --walkthrough</c>) end to end: the demo as its own
/// process, the gateway and the account service on real Kestrel, SQLite files in its temporary data folder.
/// </summary>
public sealed partial class WalkthroughTests
{
    private const int StepCount = 17;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_walkthrough_process_passes_every_step_and_exits_zero()
    {
        var (exitCode, output) = await RunDemoProcessAsync("--walkthrough");

        var steps = StepLine().Matches(output).Select(m => m.Groups["mark"].Value).ToList();
        Assert.True(exitCode == 0, $"exit code {exitCode}; output:\n{output}");
        Assert.Equal(StepCount, steps.Count);
        Assert.All(steps, mark => Assert.Equal(StepReport.Passed, mark));
        Assert.Contains($"all {StepCount} steps behaved as described", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_walkthrough_also_answers_to_the_plain_word_and_leaves_no_data_folder_behind()
    {
        var before = Directory.GetDirectories(Path.GetTempPath(), "privacyguard-walkthrough-*").ToHashSet();

        var (exitCode, output) = await RunDemoProcessAsync("walkthrough");

        Assert.True(exitCode == 0, $"exit code {exitCode}; output:\n{output}");
        var folder = Regex.Match(output, @"data\s+(?<path>\S+) \(temporary").Groups["path"].Value;
        Assert.NotEmpty(folder);
        Assert.DoesNotContain(folder, before);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public async Task A_stack_that_does_not_trust_the_loopback_proxy_fails_the_upstream_step_and_the_walkthrough_exits_non_zero()
    {
        using var output = new StringWriter();

        // The gateway then takes the walkthrough's own connection (127.0.0.1) as the client instead of 203.0.113.42.
        var exitCode = await WalkthroughCommand.RunAsync(output, options => options.Settings["PrivacyGuard:ForwardedHeaders:KnownProxies:0"] = "10.0.0.5");

        var steps = StepLine().Matches(output.ToString()).Select(m => m.Groups["mark"].Value).ToList();
        Assert.Equal(1, exitCode);
        Assert.Equal([StepReport.Passed, StepReport.FailedMark], steps);
        Assert.Contains("walkthrough failed at step 2", output.ToString(), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^(?<mark>✓|✗)\s+\d+\. ", RegexOptions.Multiline)]
    private static partial Regex StepLine();

    private static async Task<(int ExitCode, string Output)> RunDemoProcessAsync(string argument)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PrivacyGuard.Demo.dll"));
        start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        limit.CancelAfter(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>The dotnet host of the runtime running the tests (<c>{root}/shared/Microsoft.NETCore.App/{version}/</c>).</summary>
    private static string DotnetHost()
    {
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var host = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(host) ? host : "dotnet";
    }
}
