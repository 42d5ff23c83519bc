using Microsoft.Extensions.DependencyInjection;
using PrivacyGuard.AspNetCore.Logging;
using Serilog;
using Serilog.Events;

namespace PrivacyGuard.AspNetCore.Tests.Logging;

public sealed class DestructuringPolicyTests
{
    private static (Serilog.Core.Logger Logger, CollectingSink Sink) CreateLogger(Action<PrivacyGuardLoggingOptions>? configure = null)
    {
        var sink = new CollectingSink();
        var logger = new LoggerConfiguration()
            .MinimumLevel.Verbose()
            .Destructure.WithPrivacyGuard(configure)
            .WriteTo.Sink(sink)
            .CreateLogger();
        return (logger, sink);
    }

    private static StructureValue Structure(LogEventPropertyValue value) => Assert.IsType<StructureValue>(value);

    private static object? Scalar(StructureValue structure, string name) =>
        Assert.IsType<ScalarValue>(structure.Properties.Single(p => p.Name == name).Value).Value;

    private static void AssertNoRawValue(string output)
    {
        foreach (var raw in LoggedPeople.RawValues)
        {
            Assert.DoesNotContain(raw, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Destructured_customer_has_personal_properties_replaced_by_markers_and_keeps_the_others()
    {
        var (logger, sink) = CreateLogger();
        using (logger)
        {
            logger.Information("Customer {@Customer} updated", LoggedPeople.Alice());
        }

        var customer = Structure(sink.Events.Single().Properties["Customer"]);
        Assert.Equal(nameof(LoggedCustomer), customer.TypeTag);
        Assert.Equal("[redacted:Email]", Scalar(customer, "Email"));
        Assert.Equal("[redacted:Name]", Scalar(customer, "Name"));
        Assert.Equal("[redacted:IpAddress]", Scalar(customer, "LastIp"));
        Assert.Equal("gold-plan", Scalar(customer, "Plan"));
        Assert.Equal(42, Scalar(customer, "OrderCount"));

        var home = Structure(customer.Properties.Single(p => p.Name == "Home").Value);
        Assert.Equal("[redacted:FreeText]", Scalar(home, "Street"));
        Assert.Equal("Oxford", Scalar(home, "City"));

        var contact = Structure(Assert.Single(Assert.IsType<SequenceValue>(customer.Properties.Single(p => p.Name == "Contacts").Value).Elements));
        Assert.Equal("[redacted:Email]", Scalar(contact, "Email"));
        Assert.Equal("work-contact", Scalar(contact, "Label"));

        var output = sink.RenderAll();
        AssertNoRawValue(output);
        Assert.Contains("gold-plan", output, StringComparison.Ordinal);
        Assert.Contains("work-contact", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Customer_inside_an_object_without_personal_data_is_redacted()
    {
        var (logger, sink) = CreateLogger();
        using (logger)
        {
            logger.Information("Order {@Order}", new LoggedOrder { Id = 7, Buyer = LoggedPeople.Alice() });
        }

        var order = Structure(sink.Events.Single().Properties["Order"]);
        Assert.Equal(7, Scalar(order, "Id"));
        var buyer = Structure(order.Properties.Single(p => p.Name == "Buyer").Value);
        Assert.Equal("[redacted:Email]", Scalar(buyer, "Email"));
        AssertNoRawValue(sink.RenderAll());
    }

    [Fact]
    public void Customers_in_lists_dictionaries_and_anonymous_objects_are_redacted()
    {
        var (logger, sink) = CreateLogger();
        using (logger)
        {
            logger.Information("List {@Customers}", new List<LoggedCustomer> { LoggedPeople.Alice(), LoggedPeople.Alice() });
            logger.Information("Map {@ByPlan}", new Dictionary<string, LoggedCustomer> { ["gold"] = LoggedPeople.Alice() });
            logger.Information("Anonymous {@Request}", new { Path = "/signup", Customer = LoggedPeople.Alice() });
        }

        Assert.Equal(3, sink.Events.Count);
        var output = sink.RenderAll();
        AssertNoRawValue(output);
        Assert.Contains("/signup", output, StringComparison.Ordinal);
        Assert.Contains("[redacted:Email]", output, StringComparison.Ordinal);
    }

    [Fact]
    public void With_pseudonymizers_personal_properties_become_the_keyed_tokens_of_the_purpose()
    {
        using var services = TestPseudonymizers.Build();
        var pseudonymizers = services.GetRequiredService<IPseudonymizerProvider>();
        var (logger, sink) = CreateLogger(o =>
        {
            o.Pseudonymizers = pseudonymizers;
            o.Purpose = ProcessingPurpose.Security;
        });
        using (logger)
        {
            logger.Information("Customer {@Customer}", LoggedPeople.Alice());
        }

        var customer = Structure(sink.Events.Single().Properties["Customer"]);
        Assert.Equal(pseudonymizers.GetEmailPseudonymizer(ProcessingPurpose.Security).Pseudonymize(LoggedPeople.Email), Scalar(customer, "Email"));
        Assert.Equal(pseudonymizers.GetValuePseudonymizer(ProcessingPurpose.Security).Pseudonymize(LoggedPeople.Name), Scalar(customer, "Name"));
        Assert.Equal(pseudonymizers.GetIpAddressPseudonymizer(ProcessingPurpose.Security).Pseudonymize(LoggedPeople.Ip), Scalar(customer, "LastIp"));
        Assert.Equal("[redacted:FreeText]", Scalar(Structure(customer.Properties.Single(p => p.Name == "Home").Value), "Street"));
        AssertNoRawValue(sink.RenderAll());
    }

    [Fact]
    public void An_invalid_email_in_token_mode_is_replaced_by_the_marker()
    {
        using var services = TestPseudonymizers.Build();
        var (logger, sink) = CreateLogger(o => o.Pseudonymizers = services.GetRequiredService<IPseudonymizerProvider>());
        using (logger)
        {
            logger.Information("Customer {@Customer}", new LoggedCustomer { Email = "no at sign here", Plan = "p" });
        }

        var customer = Structure(sink.Events.Single().Properties["Customer"]);
        Assert.Equal("[redacted:Email]", Scalar(customer, "Email"));
        Assert.DoesNotContain("no at sign here", sink.RenderAll(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_type_without_personal_data_is_destructured_by_serilog_as_usual()
    {
        var (logger, sink) = CreateLogger();
        using (logger)
        {
            logger.Information("Address {@Address}", new { Street = "Main", Number = 3 });
        }

        var value = Structure(sink.Events.Single().Properties["Address"]);
        Assert.Equal("Main", Scalar(value, "Street"));
        Assert.Equal(3, Scalar(value, "Number"));
    }

    [Fact]
    public void A_null_personal_property_is_replaced_by_the_marker()
    {
        var (logger, sink) = CreateLogger();
        using (logger)
        {
            logger.Information("Customer {@Customer}", new LoggedCustomer { Plan = "free" });
        }

        var customer = Structure(sink.Events.Single().Properties["Customer"]);
        Assert.Equal("[redacted:Email]", Scalar(customer, "Email"));
        Assert.Equal("free", Scalar(customer, "Plan"));
    }
}
