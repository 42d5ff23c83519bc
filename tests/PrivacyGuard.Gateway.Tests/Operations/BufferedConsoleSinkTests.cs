using System.Globalization;
using System.Text;
using CsCheck;
using PrivacyGuard.Gateway.Operations;
using Serilog.Events;
using Serilog.Formatting.Display;
using Serilog.Parsing;

namespace PrivacyGuard.Gateway.Tests.Operations;

public class BufferedConsoleSinkTests
{
    private static readonly MessageTemplateTextFormatter Formatter = new(BufferedConsoleSink.OutputTemplate, CultureInfo.InvariantCulture);
    private static readonly MessageTemplate OtherTemplate = new MessageTemplateParser().Parse("Now listening on: {Address}");

    private static LogEvent RequestLog(string method, string path, int status, double elapsed, DateTimeOffset timestamp, LogEventLevel level = LogEventLevel.Information) =>
        new(timestamp, level, null, RequestLogMiddleware.Template,
        [
            new LogEventProperty("RemoteIpAddress", new ScalarValue("127.0.0.0")),
            new LogEventProperty("RouteId", new ScalarValue("api")),
            new LogEventProperty("RequestMethod", new ScalarValue(method)),
            new LogEventProperty("RequestPath", new ScalarValue(path)),
            new LogEventProperty("StatusCode", new ScalarValue(status)),
            new LogEventProperty("Elapsed", new ScalarValue(elapsed)),
        ]);

    private static LogEvent Other(string address, LogEventLevel level = LogEventLevel.Information) =>
        new(DateTimeOffset.Now, level, null, OtherTemplate, [new LogEventProperty("Address", new ScalarValue(address))]);

    /// <summary>What Serilog's own formatter writes for the events, in order, as UTF-8.</summary>
    private static byte[] Expected(params LogEvent[] events)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        foreach (var logEvent in events)
        {
            Formatter.Format(logEvent, text);
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static readonly Gen<DateTimeOffset> Timestamps =
        Gen.Select(Gen.Long[DateTime.MinValue.Ticks + TimeSpan.TicksPerDay, DateTime.MaxValue.Ticks - TimeSpan.TicksPerDay], Gen.Int[-14 * 60, 14 * 60],
            (ticks, minutes) => new DateTimeOffset(ticks, TimeSpan.FromMinutes(minutes)));

    private static readonly Gen<double> Elapsed = Gen.OneOf(Gen.Double[0, 1], Gen.Double[0, 1e7], Gen.Double, Gen.Const(0.00005), Gen.Const(double.NaN));

    [Fact]
    public void The_request_log_line_is_byte_for_byte_what_Serilogs_formatter_writes()
    {
        Gen.Select(Gen.String, Gen.String, Gen.Int, Elapsed, Timestamps, Gen.Enum<LogEventLevel>())
            .Sample((method, path, status, elapsed, timestamp, level) =>
            {
                var logEvent = RequestLog(method, path, status, elapsed, timestamp, level);
                var buffer = new byte[4096];
                Assert.True(RequestLogLine.TryFormat(logEvent, buffer, out var written));
                Assert.Equal(Expected(logEvent), buffer[..written]);
            }, iter: 20_000);
    }

    [Fact]
    public void Events_of_other_shapes_and_lines_that_do_not_fit_are_left_to_Serilogs_formatter()
    {
        var buffer = new byte[4096];
        var now = DateTimeOffset.Now;
        Assert.False(RequestLogLine.TryFormat(Other("http://127.0.0.1:5000"), buffer, out _));
        var withException = new LogEvent(now, LogEventLevel.Error, new InvalidOperationException("x"), RequestLogMiddleware.Template, []);
        Assert.False(RequestLogLine.TryFormat(withException, buffer, out _));
        var statusAsText = new LogEvent(now, LogEventLevel.Information, null, RequestLogMiddleware.Template,
            [new("RequestMethod", new ScalarValue("GET")), new("RequestPath", new ScalarValue("/")), new("StatusCode", new ScalarValue("200")), new("Elapsed", new ScalarValue(1.0))]);
        Assert.False(RequestLogLine.TryFormat(statusAsText, buffer, out _));
        Assert.False(RequestLogLine.TryFormat(RequestLog("GET", "/api/{**rest}", 200, 1.5, now), buffer.AsSpan(0, 20), out _));
    }

    [Fact]
    public void Information_events_wait_in_the_buffer_and_are_all_written_in_order_on_dispose()
    {
        using var output = new RecordingStream();
        var events = new[] { Other("first"), RequestLog("GET", "/api/{**rest}", 200, 0.25, DateTimeOffset.Now), Other("third") };
        var sink = new BufferedConsoleSink(output, 4096, Timeout.InfiniteTimeSpan);
        foreach (var logEvent in events)
        {
            sink.Emit(logEvent);
        }

        Assert.Equal(0, output.Writes);
        sink.Dispose();
        Assert.Equal(1, output.Writes);
        Assert.Equal(Expected(events), output.ToArray());

        // After disposal, events are written at once.
        var late = Other("late");
        sink.Emit(late);
        Assert.Equal(Expected([.. events, late]), output.ToArray());
    }

    [Fact]
    public void A_warning_is_written_at_once_with_everything_logged_before_it()
    {
        using var output = new RecordingStream();
        using var sink = new BufferedConsoleSink(output, 4096, Timeout.InfiniteTimeSpan);
        var before = RequestLog("POST", "/api/{**rest}", 200, 1.0, DateTimeOffset.Now);
        var warning = RequestLog("POST", "/api/{**rest}", 502, 2.0, DateTimeOffset.Now, LogEventLevel.Error);

        sink.Emit(before);
        sink.Emit(warning);

        Assert.Equal(Expected(before, warning), output.ToArray());
    }

    [Fact]
    public void A_full_buffer_is_written_and_no_event_is_lost_or_reordered_even_one_larger_than_the_buffer()
    {
        using var output = new RecordingStream();
        var events = Enumerable.Range(0, 200)
            .Select(i => i % 37 == 5 ? Other(new string('x', 700 + i)) : RequestLog("GET", $"/r{i}/{{**rest}}", 200 + (i % 3), i / 7.0, DateTimeOffset.Now))
            .ToArray();
        var sink = new BufferedConsoleSink(output, 512, Timeout.InfiniteTimeSpan);
        foreach (var logEvent in events)
        {
            sink.Emit(logEvent);
        }

        Assert.True(output.Writes > 10, $"{output.Writes} writes");
        sink.Dispose();
        Assert.Equal(Expected(events), output.ToArray());
    }

    [Fact]
    public async Task An_information_event_is_written_after_the_flush_delay_without_anything_else_happening()
    {
        using var output = new RecordingStream();
        using var sink = new BufferedConsoleSink(output, 4096, TimeSpan.FromMilliseconds(20));
        var logEvent = Other("http://127.0.0.1:5000");

        sink.Emit(logEvent);

        await output.FirstWrite.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(Expected(logEvent), output.ToArray());
    }

    [Fact]
    public void A_failing_output_drops_that_block_and_logging_goes_on()
    {
        using var output = new RecordingStream { FailNextWrite = true };
        using var sink = new BufferedConsoleSink(output, 4096, Timeout.InfiniteTimeSpan);

        sink.Emit(Other("lost", LogEventLevel.Warning));
        var kept = Other("kept", LogEventLevel.Warning);
        sink.Emit(kept);

        Assert.Equal(Expected(kept), output.ToArray());
    }

    /// <summary>A memory stream that counts writes, signals the first and can fail one.</summary>
    private sealed class RecordingStream : MemoryStream
    {
        private readonly TaskCompletionSource _firstWrite = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Writes { get; private set; }

        public bool FailNextWrite { get; set; }

        public Task FirstWrite => _firstWrite.Task;

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (FailNextWrite)
            {
                FailNextWrite = false;
                throw new IOException("broken pipe");
            }

            lock (this)
            {
                base.Write(buffer, offset, count);
                Writes++;
            }

            _firstWrite.TrySetResult();
        }

        public override byte[] ToArray()
        {
            lock (this)
            {
                return base.ToArray();
            }
        }
    }
}
