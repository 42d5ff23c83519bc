using PrivacyGuard.AspNetCore.BodyRewriting;
using PrivacyGuard.Json;

namespace PrivacyGuard.AspNetCore.Tests.BodyRewriting;

public class JsonBodyRulesMetadataTests
{
    [Theory]
    [InlineData("$.email", PersonalDataCategory.Email)]
    [InlineData("$.contacts[*].workEmail", PersonalDataCategory.Email)]
    [InlineData("$..EMAIL", PersonalDataCategory.Email)]
    [InlineData("$.email.address", PersonalDataCategory.Other)]
    [InlineData("$.mail", PersonalDataCategory.Other)]
    [InlineData("$.emails[*]", PersonalDataCategory.Other)]
    public void Category_is_inferred_from_the_last_property_name(string selector, PersonalDataCategory expected)
    {
        var rule = Assert.Single(JsonBodyRulesMetadata.Pseudonymize([selector]).Rules);
        Assert.Equal((Treatment.Pseudonymize, expected), (rule.Treatment, rule.Category));
    }

    [Fact]
    public void Attribute_and_extension_give_the_same_rules()
    {
        var attribute = new PseudonymizeJsonAttribute("$.email", "$.name");
        var metadata = JsonBodyRulesMetadata.Pseudonymize(["$.email", "$.name"]);
        Assert.Equal(metadata.Rules.Select(r => r.ToString()), attribute.Rules.Select(r => r.ToString()));
    }

    [Fact]
    public void Invalid_selector_fails_when_the_endpoint_is_mapped() =>
        Assert.Throws<FormatException>(() => JsonBodyRulesMetadata.Pseudonymize(["$.contacts[0].email"]));

    [Theory]
    [InlineData(Treatment.Encrypt, PersonalDataCategory.Email)]
    [InlineData(Treatment.Default, PersonalDataCategory.Name)]
    public void Encrypt_fails_when_the_endpoint_is_mapped(Treatment treatment, PersonalDataCategory category)
    {
        var exception = Assert.Throws<ArgumentException>(() => new JsonBodyRulesMetadata([new JsonFieldRule("$.x", treatment, category)]));
        Assert.Contains("$.x", exception.Message, StringComparison.Ordinal);
    }
}
