using System.Globalization;
using System.IO.Pipes;
using BenchmarkDotNet.Attributes;
using PrivacyGuard.Gateway.Operations;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace PrivacyGuard.Benchmarks.Gateway;

/// <summary>
/// The gateway's request log, one event per proxied request, written to a pipe that a background thread drains (as
/// standard output is under a container's log driver or a service manager). The anchor is Serilog's own way: its plain
/// text formatter with the console's default template and one write per event, which is what its console sink does
/// with redirected output. Measured: building the event as <c>RequestLogMiddleware</c> does and the logger's work.
/// </summary>
public class RequestLogBenchmarks
{
    private readonly List<IDisposable> _disposables = [];
    private Logger _serilog = null!;
    private Logger _buffered = null!;
    private double _elapsed;

    [GlobalSetup]
    public void Setup()
    {
        var writer = new StreamWriter(DrainedPipe(), new System.Text.UTF8Encoding(false)) { AutoFlush = true };
        _serilog = new LoggerConfiguration().MinimumLevel.Information().Enrich.FromLogContext()
            .WriteTo.Sink(new WriterSink(writer)).CreateLogger();
        var sink = new BufferedConsoleSink(DrainedPipe(), BufferedConsoleSink.DefaultBufferBytes, BufferedConsoleSink.FlushDelay);
        _disposables.Add(sink);
        _buffered = new LoggerConfiguration().MinimumLevel.Information().Enrich.FromLogContext().WriteTo.Sink(sink).CreateLogger();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _serilog.Dispose();
        _buffered.Dispose();
        foreach (var disposable in Enumerable.Reverse(_disposables))
        {
            disposable.Dispose();
        }
    }

    [Benchmark(Baseline = true, Description = "anchor: Serilog's formatter, one write per event")]
    public void Serilog() => Write(_serilog);

    [Benchmark(Description = "gateway: BufferedConsoleSink")]
    public void Buffered() => Write(_buffered);

    private void Write(Logger logger)
    {
        // As RequestLogMiddleware builds it.
        _elapsed += 0.001;
        var properties = new Dictionary<string, LogEventPropertyValue>(12, StringComparer.Ordinal)
        {
            ["RemoteIpAddress"] = new ScalarValue("127.0.0.0"),
            ["RouteId"] = new ScalarValue("api"),
            ["RequestMethod"] = new ScalarValue("POST"),
            ["RequestPath"] = new ScalarValue("/api/{**rest}"),
            ["StatusCode"] = new ScalarValue(200),
            ["Elapsed"] = new ScalarValue(_elapsed),
        };
        logger.Write(LogEvent.UnstableAssembleFromParts(DateTimeOffset.Now, LogEventLevel.Information, null, RequestLogMiddleware.Template, properties, default, default));
    }

    /// <summary>Serilog's plain text formatter into a writer that flushes each event, under a lock.</summary>
    private sealed class WriterSink(TextWriter writer) : ILogEventSink
    {
        private readonly MessageTemplateTextFormatter _formatter = new(BufferedConsoleSink.OutputTemplate, CultureInfo.InvariantCulture);
        private readonly Lock _gate = new();

        public void Emit(LogEvent logEvent)
        {
            lock (_gate)
            {
                _formatter.Format(logEvent, writer);
                writer.Flush();
            }
        }
    }

    /// <summary>The write end of a pipe whose read end a background thread empties.</summary>
    private AnonymousPipeServerStream DrainedPipe()
    {
        var server = new AnonymousPipeServerStream(PipeDirection.Out);
        var client = new AnonymousPipeClientStream(PipeDirection.In, server.ClientSafePipeHandle);
        var drain = new Thread(() =>
        {
            var buffer = new byte[65536];
            try
            {
                while (client.Read(buffer) > 0)
                {
                }
            }
            catch (IOException)
            {
            }
        })
        { IsBackground = true };
        drain.Start();
        _disposables.Add(client);
        _disposables.Add(server);
        return server;
    }
}
