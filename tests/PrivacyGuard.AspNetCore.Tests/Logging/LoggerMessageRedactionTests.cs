using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Events;

namespace PrivacyGuard.AspNetCore.Tests.Logging;

public sealed class LoggerMessageRedactionTests
{
    private static ServiceProvider Build(Serilog.Core.Logger serilog, bool applyDiscriminator)
    {
        var services = new ServiceCollection();
        services.AddTestPrivacyGuard().AddLogRedaction();
        services.AddLogging(logging =>
        {
            logging.ClearProviders();
            logging.AddSerilog(serilog);
            logging.EnableRedaction(o => o.ApplyDiscriminator = applyDiscriminator);
        });
        return services.BuildServiceProvider();
    }

    private static Serilog.Core.Logger CreateSerilog(CollectingSink sink) => new LoggerConfiguration()
        .MinimumLevel.Verbose()
        .Destructure.WithPrivacyGuard()
        .Enrich.WithPrivacyGuard(o => o.PersonalPropertyNames.Clear())
        .WriteTo.Sink(sink)
        .CreateLogger();

    [Fact]
    public void LoggerMessage_with_personal_data_parameters_logs_tokens_through_ILogger_and_the_serilog_provider()
    {
        var sink = new CollectingSink();
        using var serilog = CreateSerilog(sink);
        using var provider = Build(serilog, applyDiscriminator: false);
        var pseudonymizers = provider.GetRequiredService<IPseudonymizerProvider>();
        var logger = provider.GetRequiredService<ILogger<LoggerMessageRedactionTests>>();

        AccountLog.SignedIn(logger, LoggedPeople.Email, LoggedPeople.Ip, LoggedPeople.Name, "gold-plan");

        var logEvent = Assert.Single(sink.Events);
        Assert.Equal(
            pseudonymizers.GetEmailPseudonymizer(ProcessingPurpose.Security).Pseudonymize(LoggedPeople.Email),
            Property(logEvent, "Email"));
        Assert.Equal(
            pseudonymizers.GetIpAddressPseudonymizer(ProcessingPurpose.Security).Pseudonymize(LoggedPeople.Ip),
            Property(logEvent, "ClientIp"));
        Assert.Equal(
            pseudonymizers.GetValuePseudonymizer(ProcessingPurpose.Security).Pseudonymize(LoggedPeople.Name),
            Property(logEvent, "Name"));
        Assert.Equal("gold-plan", Property(logEvent, "Plan"));

        var output = sink.RenderAll();
        Assert.DoesNotContain(LoggedPeople.Email, output, StringComparison.Ordinal);
        Assert.DoesNotContain(LoggedPeople.Ip, output, StringComparison.Ordinal);
        Assert.DoesNotContain(LoggedPeople.Name, output, StringComparison.Ordinal);
        Assert.Contains("gold-plan", output, StringComparison.Ordinal);
    }

    [Fact]
    public void With_the_default_discriminator_the_email_fails_closed_to_the_marker_and_nothing_raw_is_logged()
    {
        var sink = new CollectingSink();
        using var serilog = CreateSerilog(sink);
        using var provider = Build(serilog, applyDiscriminator: true);
        var logger = provider.GetRequiredService<ILogger<LoggerMessageRedactionTests>>();

        AccountLog.SignedIn(logger, LoggedPeople.Email, LoggedPeople.Ip, LoggedPeople.Name, "gold-plan");

        var logEvent = Assert.Single(sink.Events);
        Assert.Equal("[redacted:Email]", Property(logEvent, "Email"));
        var output = sink.RenderAll();
        Assert.DoesNotContain(LoggedPeople.Email, output, StringComparison.Ordinal);
        Assert.DoesNotContain(LoggedPeople.Ip, output, StringComparison.Ordinal);
        Assert.DoesNotContain(LoggedPeople.Name, output, StringComparison.Ordinal);
    }

    [Fact]
    public void Free_text_parameters_are_erased()
    {
        var sink = new CollectingSink();
        using var serilog = CreateSerilog(sink);
        using var provider = Build(serilog, applyDiscriminator: false);
        var logger = provider.GetRequiredService<ILogger<LoggerMessageRedactionTests>>();

        AccountLog.Note(logger, "please call me on 555-0100");

        Assert.Equal(string.Empty, Property(Assert.Single(sink.Events), "Note"));
        Assert.DoesNotContain("555-0100", sink.RenderAll(), StringComparison.Ordinal);
    }

    private static object? Property(LogEvent logEvent, string name) =>
        Assert.IsType<ScalarValue>(logEvent.Properties.Single(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value).Value;
}
