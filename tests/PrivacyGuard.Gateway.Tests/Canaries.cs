using System.Text;

namespace PrivacyGuard.Gateway.Tests;

/// <summary>Byte-level checks that no raw canary (e-mail, name, IP address, in any case) is present.</summary>
internal static class Canaries
{
    private static readonly string[] Values = [Scenario.CanaryEmail, Scenario.CanaryName, Scenario.CanaryIp, "canary.jane", "Canary"];

    public static void AssertAbsent(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        foreach (var value in Values)
        {
            Assert.DoesNotContain(value, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    public static void AssertAbsent(ReceivedRequest request)
    {
        AssertAbsent(request.Body);
        AssertAbsent(Encoding.UTF8.GetBytes(request.Path + request.Query));
        foreach (var (name, value) in request.Headers)
        {
            AssertAbsent(Encoding.UTF8.GetBytes(name + ": " + value));
        }
    }
}
