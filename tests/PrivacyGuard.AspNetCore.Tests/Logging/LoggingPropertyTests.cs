using CsCheck;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.DependencyInjection;
using PrivacyGuard.AspNetCore.Logging;
using Serilog;

namespace PrivacyGuard.AspNetCore.Tests.Logging;

public sealed class LoggingPropertyTests
{
    private const string Canary = "CANARY";

    private static readonly Gen<string> Text = Gen.String.Where(s => !s.Contains(Canary, StringComparison.Ordinal));

    private static bool HasLineBreakOrControl(string text) => LogValueEncoder.NeedsEncoding(text);

    [Fact]
    public void No_personal_canary_and_no_line_break_survive_the_serilog_pipeline_for_random_strings()
    {
        Gen.Select(Text, Text).Sample((personal, other) =>
        {
            var sink = new CollectingSink();
            using (var logger = new LoggerConfiguration()
                .Destructure.WithPrivacyGuard()
                .Enrich.WithPrivacyGuard()
                .WriteTo.Sink(sink)
                .CreateLogger())
            {
                var customer = new LoggedCustomer
                {
                    Email = Canary + personal,
                    Name = Canary + personal,
                    LastIp = Canary + personal,
                    Plan = other,
                    Home = new LoggedAddress { Street = Canary + personal, City = other },
                    Contacts = [new LoggedContact { Email = Canary + personal, Label = other }],
                };
                logger.Information("Customer {@Customer} from {ClientIp} as {Email} with {Agent}", customer, Canary + personal, Canary + personal, other);
            }

            var text = sink.RenderText();
            var json = sink.RenderJson();
            Assert.DoesNotContain(Canary, text, StringComparison.Ordinal);
            Assert.DoesNotContain(Canary, json, StringComparison.Ordinal);
            Assert.EndsWith(Environment.NewLine, text, StringComparison.Ordinal);
            Assert.False(HasLineBreakOrControl(text.TrimEnd('\r', '\n')), "a line break or control character survived in the text output");
            Assert.False(HasLineBreakOrControl(json.TrimEnd('\r', '\n')), "a line break or control character survived in the JSON output");
        }, iter: 10_000);
    }

    [Fact]
    public void Encoded_text_holds_no_control_character_and_clean_text_is_returned_as_is()
    {
        Gen.String.Sample(value =>
        {
            var encoded = LogValueEncoder.Encode(value);
            Assert.False(HasLineBreakOrControl(encoded), "the encoded text holds a control character");
            Assert.True(HasLineBreakOrControl(value) || ReferenceEquals(encoded, value), "clean text was not returned as is");
        }, iter: 10_000);
    }

    [Fact]
    public void Redactors_never_return_the_canary_and_write_exactly_the_length_they_announce()
    {
        var services = new ServiceCollection();
        services.AddTestPrivacyGuard().AddLogRedaction();
        using var provider = services.BuildServiceProvider();
        var redactors = provider.GetRequiredService<IRedactorProvider>();
        Redactor[] all =
        [
            redactors.GetRedactor(PersonalDataAttribute.Classify(PersonalDataCategory.Email)),
            redactors.GetRedactor(PersonalDataAttribute.Classify(PersonalDataCategory.IpAddress)),
            redactors.GetRedactor(PersonalDataAttribute.Classify(PersonalDataCategory.Name)),
        ];

        Gen.Select(Text, Gen.Int[0, 2]).Sample((value, which) =>
        {
            var redactor = all[which];
            var input = Canary + value;
            var length = redactor.GetRedactedLength(input);
            var buffer = new char[length];
            var written = redactor.Redact(input.AsSpan(), buffer);
            var output = new string(buffer, 0, written);
            Assert.Equal(length, written);
            Assert.DoesNotContain(Canary, output, StringComparison.Ordinal);
            Assert.Equal(redactor.Redact(input), output);
        }, iter: 10_000);
    }
}
