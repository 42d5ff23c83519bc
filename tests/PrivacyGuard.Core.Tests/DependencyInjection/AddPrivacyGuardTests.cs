using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace PrivacyGuard.Tests.DependencyInjection;

public class AddPrivacyGuardTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddPrivacyGuard(configuration).Services.BuildServiceProvider();
    }

    private static Dictionary<string, string?> ValidSettings() => new()
    {
        ["PrivacyGuard:KeyRing:CurrentKeyId"] = "k1",
        ["PrivacyGuard:KeyRing:Keys:k1"] = TestKeys.SecretA,
    };

    [Fact]
    public void Configuration_binds_keys_and_pseudonymizer_options()
    {
        var settings = ValidSettings();
        settings["PrivacyGuard:Email:Format"] = "TokenOnly";
        settings["PrivacyGuard:IpAddresses:IPv4PrefixLength"] = "16";
        using var provider = Build(settings);
        var pseudonymizers = provider.GetRequiredService<IPseudonymizerProvider>();
        var token = pseudonymizers.GetEmailPseudonymizer(ProcessingPurpose.ServiceDelivery).Pseudonymize("jane@example.com");
        Assert.StartsWith("k1_", token);
        Assert.DoesNotContain("@", token);
        Assert.Equal("203.0.0.0", pseudonymizers.GetIpAddressPseudonymizer(ProcessingPurpose.Security).Pseudonymize("203.0.113.7"));
    }

    [Fact]
    public void Pseudonymizers_are_created_once_per_purpose()
    {
        using var provider = Build(ValidSettings());
        var pseudonymizers = provider.GetRequiredService<IPseudonymizerProvider>();
        Assert.Same(pseudonymizers.GetEmailPseudonymizer(ProcessingPurpose.Marketing), pseudonymizers.GetEmailPseudonymizer(ProcessingPurpose.Create("marketing")));
    }

    [Fact]
    public void Tokens_for_different_purposes_cannot_be_joined()
    {
        using var provider = Build(ValidSettings());
        var pseudonymizers = provider.GetRequiredService<IPseudonymizerProvider>();
        Assert.NotEqual(
            pseudonymizers.GetEmailPseudonymizer(ProcessingPurpose.Marketing).Pseudonymize("jane@example.com"),
            pseudonymizers.GetEmailPseudonymizer(ProcessingPurpose.ProductImprovement).Pseudonymize("jane@example.com"));
    }

    [Fact]
    public void Purposes_mapped_to_one_scope_share_tokens()
    {
        var settings = ValidSettings();
        settings["PrivacyGuard:Scopes:Marketing"] = "analytics";
        settings["PrivacyGuard:Scopes:ProductImprovement"] = "analytics";
        using var provider = Build(settings);
        var pseudonymizers = provider.GetRequiredService<IPseudonymizerProvider>();
        Assert.Equal(
            pseudonymizers.GetEmailPseudonymizer(ProcessingPurpose.Marketing).Pseudonymize("jane@example.com"),
            pseudonymizers.GetEmailPseudonymizer(ProcessingPurpose.ProductImprovement).Pseudonymize("jane@example.com"));
        Assert.NotEqual(
            pseudonymizers.GetEmailPseudonymizer(ProcessingPurpose.Marketing).Pseudonymize("jane@example.com"),
            pseudonymizers.GetEmailPseudonymizer(ProcessingPurpose.Security).Pseudonymize("jane@example.com"));
    }

    [Fact]
    public void Start_up_validation_names_the_bad_key_setting_but_not_its_value()
    {
        var settings = ValidSettings();
        settings["PrivacyGuard:KeyRing:Keys:k1"] = "c2hvcnQta2V5";
        using var provider = Build(settings);
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("PrivacyGuard:KeyRing:Keys:k1", error.Message);
        Assert.DoesNotContain("c2hvcnQta2V5", error.Message);
    }

    [Fact]
    public void Start_up_validation_names_a_bad_prefix_length()
    {
        var settings = ValidSettings();
        settings["PrivacyGuard:IpAddresses:IPv4PrefixLength"] = "33";
        using var provider = Build(settings);
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("PrivacyGuard:IpAddresses:IPv4PrefixLength", error.Message);
    }

    [Fact]
    public void Start_up_validation_passes_a_valid_configuration()
    {
        using var provider = Build(ValidSettings());
        provider.GetRequiredService<IStartupValidator>().Validate();
    }
}
