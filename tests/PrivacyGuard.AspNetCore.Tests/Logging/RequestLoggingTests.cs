using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Events;
using Serilog.Extensions.Hosting;

namespace PrivacyGuard.AspNetCore.Tests.Logging;

public sealed class RequestLoggingTests
{
    private const string ForgedPlan = "gold\r\n[INF] Admin signed in";

    [Fact]
    public async Task Handler_logging_a_personal_object_over_kestrel_with_serilog_request_logging_writes_no_raw_value()
    {
        var sink = new CollectingSink();
        using var serilog = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .Destructure.WithPrivacyGuard()
            .Enrich.WithPrivacyGuard()
            .WriteTo.Sink(sink)
            .CreateLogger();

        await using (var host = await KestrelHost.StartAsync(
            builder =>
            {
                builder.Services.AddTestPrivacyGuard().AddLogRedaction();
                builder.Logging.ClearProviders();
                builder.Logging.AddSerilog(serilog);
                builder.Logging.EnableRedaction(o => o.ApplyDiscriminator = false);
                builder.Services.AddSingleton(new DiagnosticContext(serilog));
                builder.Services.AddSingleton<IDiagnosticContext>(s => s.GetRequiredService<DiagnosticContext>());
            },
            app =>
            {
                app.UseSerilogRequestLogging(o =>
                {
                    o.Logger = serilog;
                    o.EnrichDiagnosticContext = (diagnostics, http) =>
                        diagnostics.Set("ClientIp", http.Connection.RemoteIpAddress?.ToString());
                });
                app.MapPost("/customers", async (HttpContext http, ILogger<RequestLoggingTests> logger, IDiagnosticContext diagnostics) =>
                {
                    var customer = await http.Request.ReadFromJsonAsync<LoggedCustomer>(http.RequestAborted);
                    serilog.ForContext<RequestLoggingTests>().Information("Customer {@Customer} signed up", customer);
#pragma warning disable CA1848, CA1873 // The message-template call through ILogger is the usage under test.
                    logger.LogInformation("Customer {@Buyer} via ILogger", customer);
#pragma warning restore CA1848, CA1873
                    diagnostics.Set("Customer", customer, destructureObjects: true);
                    AccountLog.SignedIn(logger, customer!.Email!, http.Connection.RemoteIpAddress!.ToString(), customer.Name!, customer.Plan!);
                    return Results.NoContent();
                });
            },
            TestContext.Current.CancellationToken))
        {
            var customer = LoggedPeople.Alice();
            customer.Plan = ForgedPlan;
            using var response = await host.Client.PostAsJsonAsync("customers", customer, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        Assert.Contains(sink.Events, e => e.MessageTemplate.Text.StartsWith("HTTP {RequestMethod} {RequestPath} responded", StringComparison.Ordinal));
        Assert.Contains(sink.Events, e => e.MessageTemplate.Text.StartsWith("Customer {@Customer}", StringComparison.Ordinal));
        Assert.Contains(sink.Events, e => e.MessageTemplate.Text.StartsWith("Customer {@Buyer}", StringComparison.Ordinal));
        Assert.Contains(sink.Events, e => e.MessageTemplate.Text.StartsWith("Sign-in for", StringComparison.Ordinal));

        var text = sink.RenderText();
        var output = text + sink.RenderJson();
        foreach (var raw in LoggedPeople.RawValues.Append("127.0.0.1"))
        {
            Assert.DoesNotContain(raw, output, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("\r", output, StringComparison.Ordinal);
        Assert.DoesNotContain("\n[INF] Admin", text, StringComparison.Ordinal);
        Assert.Contains("gold\\r\\n[INF] Admin signed in", text, StringComparison.Ordinal);
        Assert.Equal(sink.Events.Count, text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }
}
