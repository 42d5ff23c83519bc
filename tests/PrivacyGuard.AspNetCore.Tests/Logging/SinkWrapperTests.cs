using Serilog;
using Serilog.Context;
using Serilog.Events;

namespace PrivacyGuard.AspNetCore.Tests.Logging;

public sealed class SinkWrapperTests
{
    [Fact]
    public void Properties_added_by_ForContext_and_LogContext_are_rewritten_before_the_wrapped_sink()
    {
        var wrapped = new CollectingSink();
        var plain = new CollectingSink();
        using (var logger = new LoggerConfiguration()
            .Enrich.FromLogContext()
            .WriteTo.PrivacyGuard(sinks => sinks.Sink(wrapped))
            .WriteTo.Sink(plain)
            .CreateLogger())
        using (LogContext.PushProperty("ClientIp", LoggedPeople.Ip))
        {
            logger.ForContext("Email", LoggedPeople.Email).Information("Note {Note}", "line one\nline two");
        }

        var properties = Assert.Single(wrapped.Events).Properties;
        Assert.Equal("[redacted:Email]", ((ScalarValue)properties["Email"]).Value);
        Assert.Equal("[redacted:IpAddress]", ((ScalarValue)properties["ClientIp"]).Value);
        Assert.Equal("line one\\nline two", ((ScalarValue)properties["Note"]).Value);
        var output = wrapped.RenderAll();
        Assert.DoesNotContain(LoggedPeople.Email, output, StringComparison.Ordinal);
        Assert.DoesNotContain(LoggedPeople.Ip, output, StringComparison.Ordinal);

        // The event is copied, not changed in place: a sink outside the wrapper still gets the original.
        Assert.Equal(LoggedPeople.Email, ((ScalarValue)Assert.Single(plain.Events).Properties["Email"]).Value);
    }

    [Fact]
    public void A_clean_event_is_passed_on_as_the_same_instance()
    {
        var wrapped = new CollectingSink();
        var plain = new CollectingSink();
        using (var logger = new LoggerConfiguration()
            .WriteTo.PrivacyGuard(sinks => sinks.Sink(wrapped))
            .WriteTo.Sink(plain)
            .CreateLogger())
        {
            logger.Information("Order {OrderId} shipped", 42);
        }

        Assert.Same(Assert.Single(plain.Events), Assert.Single(wrapped.Events));
    }
}
