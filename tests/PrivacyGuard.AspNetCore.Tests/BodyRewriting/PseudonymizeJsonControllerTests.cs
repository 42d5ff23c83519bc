using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using PrivacyGuard.AspNetCore.BodyRewriting;
using PrivacyGuard.Tests;

namespace PrivacyGuard.AspNetCore.Tests.BodyRewriting;

public sealed class PseudonymizeJsonControllerTests
{
    [Fact]
    public async Task Controller_action_with_the_attribute_binds_the_pseudonymized_email()
    {
        await using var host = await KestrelHost.StartAsync(
            builder =>
            {
                builder.Services.AddControllers().AddApplicationPart(typeof(SignupController).Assembly);
                builder.Services.AddPrivacyGuard(keys =>
                {
                    keys.CurrentKeyId = "ka";
                    keys.Keys["ka"] = TestKeys.SecretA;
                }).AddJsonBodyRewriting();
            },
            app =>
            {
                app.UseRouting();
                app.UseJsonBodyRewriting();
                app.MapControllers();
            },
            TestContext.Current.CancellationToken);

        var content = new StringContent("{\"email\":\"jane@example.com\",\"name\":\"Jane\"}", Encoding.UTF8, "application/json");
        var response = await host.Client.PostAsync("/controller/signup", content, TestContext.Current.CancellationToken);

        response.EnsureSuccessStatusCode();
        var signup = await response.Content.ReadFromJsonAsync<SignupController.Signup>(TestContext.Current.CancellationToken);
        var expected = host.Services.GetRequiredService<IPseudonymizerProvider>().GetEmailPseudonymizer(ProcessingPurpose.ServiceDelivery).Pseudonymize("jane@example.com");
        Assert.Equal(new SignupController.Signup(expected, "Jane"), signup);
    }
}

/// <summary>A controller whose action pseudonymizes the e-mail of its body.</summary>
[ApiController]
[Route("controller")]
public sealed class SignupController : ControllerBase
{
    [HttpPost("signup")]
    [PseudonymizeJson("$.email")]
    public Signup Post(Signup signup) => signup;

    public sealed record Signup(string? Email, string? Name);
}
