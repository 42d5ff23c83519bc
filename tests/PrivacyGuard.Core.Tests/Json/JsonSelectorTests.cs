using PrivacyGuard.Json;

namespace PrivacyGuard.Tests.Json;

public class JsonSelectorTests
{
    [Theory]
    [InlineData("$.email", "email")]
    [InlineData("$.a.b", "b")]
    [InlineData("$.contacts[*].email", "email")]
    [InlineData("$..email", "email")]
    [InlineData("$['odd name']", "odd name")]
    [InlineData("$[\"odd.name\"].x", "x")]
    [InlineData("$..['a b']", "a b")]
    [InlineData("$['it\\'s']", "it's")]
    [InlineData("$.e-mail_2", "e-mail_2")]
    [InlineData("$.adresse_électronique", "adresse_électronique")]
    [InlineData("$.list[*]", null)]
    [InlineData("$[*][*].ip", "ip")]
    public void Valid_selectors_parse_to_their_last_name(string text, string? lastName)
    {
        var selector = JsonSelector.Parse(text);
        Assert.Equal(text, selector.Text);
        Assert.Equal(lastName, selector.LastName);
        Assert.True(JsonSelector.TryParse(text, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("$")]
    [InlineData("email")]
    [InlineData("$email")]
    [InlineData("$.")]
    [InlineData("$..")]
    [InlineData("$.a.")]
    [InlineData("$.a b")]
    [InlineData("$.*")]
    [InlineData("$[0]")]
    [InlineData("$['unclosed")]
    [InlineData("$['a'")]
    [InlineData("$['a\\b']")]
    [InlineData("$.['a']")]
    [InlineData("$...a")]
    [InlineData(" $.a")]
    public void Invalid_selectors_throw_a_format_exception_naming_the_selector(string text)
    {
        var exception = Assert.Throws<FormatException>(() => JsonSelector.Parse(text));
        Assert.Contains($"'{text}'", exception.Message);
        Assert.False(JsonSelector.TryParse(text, out _));
    }

    [Fact]
    public void Null_selector_throws_argument_null() => Assert.Throws<ArgumentNullException>(() => JsonSelector.Parse(null!));

    [Fact]
    public void A_rule_with_an_invalid_selector_fails_at_configuration_time() =>
        Assert.Throws<FormatException>(() => new JsonFieldRule("$.emails[", Treatment.Pseudonymize, PersonalDataCategory.Email));

    [Fact]
    public void Encrypt_is_refused_when_the_rewriter_is_created()
    {
        var exception = Assert.Throws<ArgumentException>(() => JsonTestRewriters.Create(new JsonFieldRule("$.name", Treatment.Encrypt)));
        Assert.Contains("$.name", exception.Message);
    }

    [Fact]
    public void A_rewriter_without_rules_is_refused() => Assert.Throws<ArgumentException>(() => JsonTestRewriters.Create());

    [Theory]
    [InlineData(0, 64, 16384)]
    [InlineData(1024, 0, 16384)]
    [InlineData(1024, 64, 10)]
    public void Invalid_options_are_refused_with_the_setting_named(int maxInput, int maxDepth, int bufferSize)
    {
        var options = new JsonRewriterOptions { MaxInputBytes = maxInput, MaxDepth = maxDepth, BufferSize = bufferSize };
        var exception = Assert.Throws<ArgumentException>(() => JsonTestRewriters.Create(options, JsonFieldRule.Redact("$.a")));
        Assert.Matches("MaxInputBytes|MaxDepth|BufferSize", exception.Message);
    }
}
