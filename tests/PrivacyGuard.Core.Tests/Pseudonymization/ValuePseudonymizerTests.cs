using System.Text;
using Microsoft.Extensions.DependencyInjection;
using PrivacyGuard.Pseudonymization;

namespace PrivacyGuard.Tests.Pseudonymization;

public class ValuePseudonymizerTests
{
    private static readonly byte[] KeyA = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly byte[] KeyB = Enumerable.Range(2, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public void Tokens_are_deterministic_per_key_ignore_surrounding_white_space_and_hide_the_value()
    {
        using var a = new ValuePseudonymizer("k1", KeyA);
        using var b = new ValuePseudonymizer("k1", KeyB);

        var token = a.Pseudonymize("janedoe");
        Assert.Equal(token, a.Pseudonymize("  janedoe\t"));
        Assert.NotEqual(token, a.Pseudonymize("JaneDoe"));
        Assert.NotEqual(token, b.Pseudonymize("janedoe"));
        Assert.StartsWith("k1_", token);
        Assert.Equal(a.TokenLength, token.Length);
        Assert.DoesNotContain("jane", token, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(a.TokenLength, a.Pseudonymize(new string('x', 100_000)).Length);
        Assert.Contains("key hidden", a.ToString());
    }

    [Fact]
    public void An_unpaired_surrogate_is_refused()
    {
        using var a = new ValuePseudonymizer("k1", KeyA);
        Assert.Throws<ArgumentException>(() => a.Pseudonymize("jane\ud800"));
        Assert.Equal(a.Pseudonymize("é"), a.Pseudonymize(Encoding.UTF8.GetString("é"u8)));
    }

    [Fact]
    public void The_provider_gives_value_and_per_mode_ip_pseudonymizers_per_purpose()
    {
        using var provider = new ServiceCollection().AddPrivacyGuard(keys =>
        {
            keys.CurrentKeyId = "k1";
            keys.Keys["k1"] = TestKeys.SecretA;
        }).Services.BuildServiceProvider();
        var pseudonymizers = provider.GetRequiredService<IPseudonymizerProvider>();

        var value = pseudonymizers.GetValuePseudonymizer(ProcessingPurpose.ServiceDelivery);
        Assert.Same(value, pseudonymizers.GetValuePseudonymizer(ProcessingPurpose.Create("servicedelivery")));
        Assert.NotEqual(value.Pseudonymize("janedoe"), pseudonymizers.GetValuePseudonymizer(ProcessingPurpose.Marketing).Pseudonymize("janedoe"));

        Assert.Same(pseudonymizers.GetIpAddressPseudonymizer(ProcessingPurpose.Security), pseudonymizers.GetIpAddressPseudonymizer(ProcessingPurpose.Security, IpPseudonymizationMode.Truncate));
        var prefix = pseudonymizers.GetIpAddressPseudonymizer(ProcessingPurpose.Security, IpPseudonymizationMode.PrefixPreserving);
        Assert.Equal(IpPseudonymizationMode.PrefixPreserving, prefix.Mode);
        Assert.Same(prefix, pseudonymizers.GetIpAddressPseudonymizer(ProcessingPurpose.Security, IpPseudonymizationMode.PrefixPreserving));
        Assert.Equal(IpPseudonymizationMode.Token, pseudonymizers.GetIpAddressPseudonymizer(ProcessingPurpose.Security, IpPseudonymizationMode.Token).Mode);
    }
}
