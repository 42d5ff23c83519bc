using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace PrivacyGuard.Gateway.Tests.MultiInstance;

/// <summary>
/// The gateway executable started as a separate process on 127.0.0.1 and an ephemeral port, configured entirely from
/// environment variables (as a container would be). Its console output is kept for failure messages.
/// </summary>
public sealed partial class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly SemaphoreSlim _lineWritten = new(0);
    private readonly string _contentRoot;

    private GatewayProcess(Process process, string contentRoot)
    {
        _process = process;
        _contentRoot = contentRoot;
    }

    /// <summary>The gateway's base address.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>Everything the process wrote so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Waits (up to 10 s) until the process has written a line holding <paramref name="text"/>; returns the output.</summary>
    public async Task<string> WaitForOutputAsync(string text, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        string output;
        while (!(output = Output).Contains(text, StringComparison.Ordinal))
        {
            try
            {
                await _lineWritten.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Assert.Fail($"No line with \"{text}\" within 10 s. Output:\n{output}");
            }
        }

        return output;
    }

    /// <summary>Starts the gateway with <paramref name="settings"/> (configuration keys with ':' separators) and waits until it listens.</summary>
    public static async Task<GatewayProcess> StartAsync(IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        var contentRoot = Directory.CreateTempSubdirectory("privacyguard-gateway-process-").FullName;
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "PrivacyGuard.Gateway"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = contentRoot,
        };
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_CONTENTROOT"] = contentRoot;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = new Process { StartInfo = start };
        var gateway = new GatewayProcess(process, contentRoot);
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) => gateway.OnLine(e.Data, listening);
        process.ErrorDataReceived += (_, e) => gateway.OnLine(e.Data, listening);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var exited = process.WaitForExitAsync(cancellationToken);
            var first = await Task.WhenAny(listening.Task, exited).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
            if (first != listening.Task)
            {
                throw new InvalidOperationException("The gateway exited before listening:\n" + gateway.Output);
            }

            gateway.Address = await listening.Task;
            return gateway;
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _lineWritten.Dispose();
        Directory.Delete(_contentRoot, recursive: true);
    }

    private void OnLine(string? line, TaskCompletionSource<Uri> listening)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        _lineWritten.Release();

        var match = ListeningOn().Match(line);
        if (match.Success)
        {
            listening.TrySetResult(new Uri(match.Groups[1].Value.TrimEnd('/') + "/"));
        }
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningOn();
}
