using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace PrivacyGuard.Samples.Tests.Demo;

/// <summary>
/// The README's run command as its own process: it prints the URLs, serves through the gateway, and Ctrl+C (SIGINT)
/// stops both hosts and exits 0.
/// </summary>
public sealed partial class ServeProcessTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_demo_serves_through_the_gateway_and_ctrl_c_stops_both_hosts_cleanly()
    {
        var folder = Directory.CreateTempSubdirectory("privacyguard-serve-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PrivacyGuard.Demo.dll"));
        foreach (var argument in new[] { "serve", "--gateway-port", "0", "--service-port", "0" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var gatewayUrl = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(e.Data);
            }

            var match = GatewayLine().Match(e.Data);
            if (match.Success)
            {
                gatewayUrl.TrySetResult(new Uri(match.Groups["url"].Value));
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var gateway = await gatewayUrl.Task.WaitAsync(TimeSpan.FromMinutes(2), Ct);
            using var client = new HttpClient { BaseAddress = gateway };
            using var list = await client.GetAsync("marketing/mailing-list", Ct);
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);

            // Started from a background job of a non-interactive shell, this process and its children ignore SIGINT (as
            // Unix has background jobs do), and so does the demo, rightly: then SIGTERM, which it handles the same way.
            var signal = SigIntIgnored() ? "-TERM" : "-INT";
            using (var interrupt = Process.Start("kill", [signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await interrupt.WaitForExitAsync(Ct);
            }

            // A hang detector, not a timing check: stopping takes well under a second, idle or with every core busy.
            try
            {
                await process.WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromSeconds(30), Ct);
            }
            catch (TimeoutException)
            {
                lock (output)
                {
                    Assert.Fail($"still running 30 s after kill {signal}; output:\n{output}");
                }
            }

            Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}; output:\n{output}");
            lock (output)
            {
                Assert.Contains("stopping...", output.ToString(), StringComparison.Ordinal);
                Assert.Contains("warning: created development key file", output.ToString(), StringComparison.Ordinal);
            }

            await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetAsync("marketing/mailing-list", Ct));
            Assert.True(File.Exists(Path.Combine(folder, ".data", "accounts.db")));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Whether this process ignores SIGINT (signal 2), which its children then inherit.</summary>
    private static bool SigIntIgnored()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & (1UL << 1)) != 0;
    }

    [GeneratedRegex(@"^\s*gateway\s+(?<url>http://127\.0\.0\.1:\d+/)")]
    private static partial Regex GatewayLine();
}
