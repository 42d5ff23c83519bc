using PrivacyGuard.AspNetCore.Logging;
using Serilog;
using Serilog.Events;
using Serilog.Parsing;

namespace PrivacyGuard.AspNetCore.Tests.Logging;

public sealed class EnricherTests
{
    private static (Serilog.Core.Logger Logger, CollectingSink Sink) CreateLogger(Action<PrivacyGuardLoggingOptions>? configure = null)
    {
        var sink = new CollectingSink();
        var logger = new LoggerConfiguration()
            .MinimumLevel.Verbose()
            .Destructure.WithPrivacyGuard(configure)
            .Enrich.WithPrivacyGuard(configure)
            .WriteTo.Sink(sink)
            .CreateLogger();
        return (logger, sink);
    }

    [Fact]
    public void Crlf_in_a_logged_value_does_not_start_a_new_line_in_the_rendered_output()
    {
        var (logger, sink) = CreateLogger();
        const string forged = "curl/8.0\r\n[INF] Admin signed in\nand\u2028more\u0085end";
        using (logger)
        {
            logger.Information("Request from agent {UserAgent}", forged);
            logger.Information("Second event {Path}", "/ok");
        }

        var text = sink.RenderText();
        var lines = text.Split('\n');
        Assert.Equal(3, lines.Length); // two events, each ended by one new line
        Assert.Equal(string.Empty, lines[2]);
        Assert.StartsWith("[INF] Request from agent curl/8.0\\r\\n[INF] Admin signed in\\nand\\u2028more\\u0085end", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain('\r', text);
        Assert.DoesNotContain('\u2028', text + sink.RenderJson());
        Assert.Equal(2, sink.RenderJson().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Control_characters_are_encoded_in_nested_structures_sequences_and_dictionary_keys()
    {
        var (logger, sink) = CreateLogger();
        using (logger)
        {
            logger.Information(
                "Values {@Nested} {@Items} {@Map}",
                new { Inner = new { Note = "a\nb" } },
                new[] { "c\rd", "e\tf" },
                new Dictionary<string, string> { ["k\ney"] = "v\u0000w" });
        }

        var text = sink.RenderText();
        Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        // Nested strings are rendered JSON-style, so the encoder's backslash is itself escaped.
        Assert.Contains("a\\\\nb", text, StringComparison.Ordinal);
        Assert.Contains("c\\\\rd", text, StringComparison.Ordinal);
        Assert.Contains("e\\\\tf", text, StringComparison.Ordinal);
        Assert.Contains("k\\\\ney", text, StringComparison.Ordinal);
        Assert.Contains("v\\\\u0000w", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', text);
    }

    [Fact]
    public void Properties_named_as_personal_are_replaced_when_they_arrive_as_scalars_at_any_depth()
    {
        var (logger, sink) = CreateLogger();
        using (logger)
        {
            logger.Information("Sign-in by {Email} from {ClientIp} ({RequestPath})", LoggedPeople.Email, LoggedPeople.Ip, "/login");
            logger.Information("Request {@Request}", new { Path = "/profile", EmailAddress = LoggedPeople.ContactEmail, Headers = new { UserName = LoggedPeople.Name } });
        }

        var first = sink.Events.First().Properties;
        Assert.Equal("[redacted:Email]", ((ScalarValue)first["Email"]).Value);
        Assert.Equal("[redacted:IpAddress]", ((ScalarValue)first["ClientIp"]).Value);
        Assert.Equal("/login", ((ScalarValue)first["RequestPath"]).Value);

        var output = sink.RenderAll();
        Assert.DoesNotContain(LoggedPeople.Email, output, StringComparison.Ordinal);
        Assert.DoesNotContain(LoggedPeople.Ip, output, StringComparison.Ordinal);
        Assert.DoesNotContain(LoggedPeople.ContactEmail, output, StringComparison.Ordinal);
        Assert.DoesNotContain(LoggedPeople.Name, output, StringComparison.Ordinal);
        Assert.Contains("/profile", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Configured_property_names_are_replaced_and_compared_ignoring_case()
    {
        var (logger, sink) = CreateLogger(o => o.PersonalPropertyNames["CustomerRef"] = PersonalDataCategory.Other);
        using (logger)
        {
            logger.Information("Ref {customerref} and {Email}", "CR-123456", LoggedPeople.Email);
        }

        var properties = sink.Events.Single().Properties;
        Assert.Equal("[redacted:Other]", ((ScalarValue)properties["customerref"]).Value);
        Assert.Equal("[redacted:Email]", ((ScalarValue)properties["Email"]).Value);
    }

    [Fact]
    public void A_personal_type_captured_as_a_scalar_becomes_the_personal_object_marker()
    {
        var sink = new CollectingSink();
        using (var logger = new LoggerConfiguration()
            .Destructure.AsScalar<LoggedCustomer>()
            .Enrich.WithPrivacyGuard()
            .WriteTo.Sink(sink)
            .CreateLogger())
        {
            logger.Information("Customer {Customer}", LoggedPeople.Alice());
        }

        Assert.Equal(RedactionMarker.PersonalObject, ((ScalarValue)sink.Events.Single().Properties["Customer"]).Value);
    }

    [Fact]
    public void A_scalar_whose_ToString_throws_is_replaced_and_the_other_properties_are_still_rewritten()
    {
        var sink = new CollectingSink();
        using (var logger = new LoggerConfiguration()
            .Destructure.AsScalar<ThrowingToString>()
            .Enrich.WithPrivacyGuard()
            .WriteTo.Sink(sink)
            .CreateLogger())
        {
            logger.Information("{Odd} {Email}", new ThrowingToString(), LoggedPeople.Email);
        }

        var properties = sink.Events.Single().Properties;
        Assert.Equal(RedactionMarker.PersonalObject, ((ScalarValue)properties["Odd"]).Value);
        Assert.Equal("[redacted:Email]", ((ScalarValue)properties["Email"]).Value);
    }

    private sealed class ThrowingToString
    {
        public override string ToString() => throw new InvalidOperationException("cannot render");
    }

    [Fact]
    public void A_clean_event_keeps_its_property_value_instances()
    {
        var enricher = new PrivacyGuardEnricher(new LogValueReplacer(new PrivacyGuardLoggingOptions()));
        var structure = new StructureValue([new LogEventProperty("Path", new ScalarValue("/a")), new LogEventProperty("Count", new ScalarValue(3))]);
        var sequence = new SequenceValue([new ScalarValue("x"), structure]);
        var logEvent = new LogEvent(
            DateTimeOffset.UnixEpoch,
            LogEventLevel.Information,
            null,
            new MessageTemplateParser().Parse("{Items}"),
            [new LogEventProperty("Items", sequence)]);

        enricher.Enrich(logEvent, null!);

        Assert.Same(sequence, logEvent.Properties["Items"]);
    }

    [Fact]
    public void An_empty_personal_property_name_is_refused_with_a_message_naming_the_setting()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            new LoggerConfiguration().Enrich.WithPrivacyGuard(o => o.PersonalPropertyNames[" "] = PersonalDataCategory.Email));
        Assert.Contains("PrivacyGuardLoggingOptions.PersonalPropertyNames", error.Message, StringComparison.Ordinal);
    }
}
