using PrivacyGuard.Demo;
using PrivacyGuard.Tests;

namespace PrivacyGuard.Samples.Tests.Demo;

/// <summary>The demo's <c>pseudonymize</c> subcommand: the earlier default behaviour, kept.</summary>
public sealed class PseudonymizeCommandTests
{
    private static readonly Dictionary<string, string?> Keys = new()
    {
        ["PrivacyGuard:KeyRing:CurrentKeyId"] = "ka",
        ["PrivacyGuard:KeyRing:Keys:ka"] = TestKeys.SecretA,
        ["PrivacyGuard:KeyRing:KeyFile"] = null,
    };

    [Fact]
    public async Task Pseudonymize_prints_each_e_mail_as_a_token_and_each_address_as_its_prefix()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await PseudonymizeCommand.RunAsync(["jane.doe@example.com", "203.0.113.7"], output, error, Keys);

        Assert.Equal(0, exitCode);
        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("jane.doe@example.com -> ka", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("@pseudonymized.invalid", lines[0], StringComparison.Ordinal);
        Assert.Equal("203.0.113.7 -> 203.0.113.0", lines[1]);
    }
}
