using PrivacyGuard.Json;
using static PrivacyGuard.Tests.Json.JsonTestRewriters;

namespace PrivacyGuard.Tests.Json;

public class JsonRewriterTreatmentTests
{
    [Fact]
    public void Email_is_pseudonymized_and_everything_else_is_kept_byte_for_byte()
    {
        var (result, output) = Create(EmailRule("$.email")).Rewrite("{ \"name\" : \"Jane\",\n\"email\":\"Jane@Example.com\" , \"n\": 1.50e3}");
        Assert.True(result.IsSuccess);
        Assert.Equal(1, result.ValuesReplaced);
        Assert.Equal($"{{ \"name\" : \"Jane\",\n\"email\":\"{Email("Jane@Example.com")}\" , \"n\": 1.50e3}}", output);
    }

    [Fact]
    public void Escaped_property_names_match_after_unescaping()
    {
        var (_, output) = Create(EmailRule("$.email")).Rewrite("{\"em\\u0061il\":\"jane@example.com\"}");
        Assert.Equal($"{{\"em\\u0061il\":\"{Email("jane@example.com")}\"}}", output);
    }

    [Fact]
    public void Escaped_values_are_unescaped_before_pseudonymizing()
    {
        var (_, output) = Create(EmailRule("$.email")).Rewrite("{\"email\":\"jane\\u0040example.com\"}");
        Assert.Equal($"{{\"email\":\"{Email("jane@example.com")}\"}}", output);
    }

    [Fact]
    public void Array_wildcard_selects_every_element()
    {
        var (result, output) = Create(EmailRule("$.contacts[*].email")).Rewrite(
            "{\"contacts\":[{\"email\":\"a@x.org\"},{\"email\":\"b@x.org\",\"other\":{\"email\":\"c@x.org\"}}],\"email\":\"d@x.org\"}");
        Assert.Equal(2, result.ValuesReplaced);
        Assert.Equal($"{{\"contacts\":[{{\"email\":\"{Email("a@x.org")}\"}},{{\"email\":\"{Email("b@x.org")}\",\"other\":{{\"email\":\"c@x.org\"}}}}],\"email\":\"d@x.org\"}}", output);
    }

    [Fact]
    public void Array_elements_themselves_can_be_selected()
    {
        var (_, output) = Create(EmailRule("$.emails[*]")).Rewrite("{\"emails\":[\"a@x.org\",\"b@x.org\"]}");
        Assert.Equal($"{{\"emails\":[\"{Email("a@x.org")}\",\"{Email("b@x.org")}\"]}}", output);
    }

    [Fact]
    public void Recursive_descent_finds_the_name_at_any_depth_and_in_arrays()
    {
        var (result, output) = Create(EmailRule("$..email")).Rewrite("[{\"email\":\"a@x.org\",\"x\":{\"y\":[{\"email\":\"b@x.org\"}]}},\"email\"]");
        Assert.Equal(2, result.ValuesReplaced);
        Assert.Equal($"[{{\"email\":\"{Email("a@x.org")}\",\"x\":{{\"y\":[{{\"email\":\"{Email("b@x.org")}\"}}]}}}},\"email\"]", output);
    }

    [Fact]
    public void Quoted_names_select_properties_with_odd_names()
    {
        var (_, output) = Create(JsonFieldRule.Redact("$['odd name']['a.b']")).Rewrite("{\"odd name\":{\"a.b\":\"secret\",\"a\":{\"b\":1}}}");
        Assert.Equal("{\"odd name\":{\"a.b\":null,\"a\":{\"b\":1}}}", output);
    }

    [Fact]
    public void Duplicate_keys_are_both_rewritten()
    {
        var (result, output) = Create(EmailRule("$.email")).Rewrite("{\"email\":\"a@x.org\",\"email\":\"b@x.org\"}");
        Assert.Equal(2, result.ValuesReplaced);
        Assert.Equal($"{{\"email\":\"{Email("a@x.org")}\",\"email\":\"{Email("b@x.org")}\"}}", output);
    }

    [Fact]
    public void Ip_addresses_are_truncated_or_permuted()
    {
        var ip = Pseudonymizers.GetIpAddressPseudonymizer(ProcessingPurpose.ServiceDelivery, PrivacyGuard.Pseudonymization.IpPseudonymizationMode.PrefixPreserving);
        var rewriter = Create(
            new JsonFieldRule("$.client", Treatment.Truncate, PersonalDataCategory.IpAddress),
            new JsonFieldRule("$.peer", Treatment.PrefixPreserving, PersonalDataCategory.IpAddress));
        var (_, output) = rewriter.Rewrite("{\"client\":\"203.0.113.7\",\"peer\":\"2001:db8::1\"}");
        Assert.Equal($"{{\"client\":\"203.0.113.0\",\"peer\":\"{ip.Pseudonymize("2001:db8::1")}\"}}", output);
    }

    [Fact]
    public void Default_treatment_of_an_ip_address_is_truncation() =>
        Assert.Equal("[\"198.51.100.0\"]", Create(new JsonFieldRule("$[*]", Treatment.Default, PersonalDataCategory.IpAddress)).Rewrite("[\"198.51.100.200\"]").Output);

    [Fact]
    public void Other_values_get_the_value_pseudonymizer_token()
    {
        var expected = Pseudonymizers.GetValuePseudonymizer(ProcessingPurpose.ServiceDelivery).Pseudonymize("Jane Doe");
        var (_, output) = Create(JsonFieldRule.Pseudonymize("$.name", PersonalDataCategory.Name)).Rewrite("{\"name\":\"Jane Doe\"}");
        Assert.Equal($"{{\"name\":\"{expected}\"}}", output);
    }

    [Fact]
    public void Redact_replaces_strings_numbers_and_whole_containers_with_null()
    {
        var (result, output) = Create(JsonFieldRule.Redact("$.a"), JsonFieldRule.Redact("$.b"), JsonFieldRule.Redact("$.c"))
            .Rewrite("{\"a\":\"x\",\"b\":{\"deep\":[1,{\"e\":\"y\"}]},\"c\":12,\"d\":[3]}");
        Assert.True(result.IsSuccess);
        Assert.Equal(3, result.ValuesReplaced);
        Assert.Equal("{\"a\":null,\"b\":null,\"c\":null,\"d\":[3]}", output);
    }

    [Fact]
    public void The_first_matching_rule_wins()
    {
        var (_, output) = Create(JsonFieldRule.Redact("$.email"), EmailRule("$..email")).Rewrite("{\"email\":\"a@x.org\",\"x\":{\"email\":\"b@x.org\"}}");
        Assert.Equal($"{{\"email\":null,\"x\":{{\"email\":\"{Email("b@x.org")}\"}}}}", output);
    }

    [Theory]
    [InlineData("{\"email\":12}")]
    [InlineData("{\"email\":true}")]
    [InlineData("{\"email\":null}")]
    [InlineData("{\"email\":{\"a\":1}}")]
    [InlineData("{\"email\":[\"x\"]}")]
    public void Non_string_values_are_left_by_default_and_refused_when_configured(string json)
    {
        var (left, leftOutput) = Create(EmailRule("$.email")).Rewrite(json);
        Assert.True(left.IsSuccess);
        Assert.Equal(json, leftOutput);
        var refusing = Create(new JsonRewriterOptions { NonStringValues = JsonNonStringValueHandling.Refuse }, EmailRule("$.email"));
        Assert.Equal(JsonRewriteStatus.UnsupportedValue, refusing.Rewrite(json).Result.Status);
    }

    [Fact]
    public void Left_containers_are_still_searched_by_other_rules()
    {
        var (_, output) = Create(EmailRule("$.contact"), EmailRule("$.contact.email")).Rewrite("{\"contact\":{\"email\":\"a@x.org\"}}");
        Assert.Equal($"{{\"contact\":{{\"email\":\"{Email("a@x.org")}\"}}}}", output);
    }

    [Fact]
    public void Invalid_email_is_refused_when_the_pseudonymizer_throws()
    {
        var (result, _) = Create(EmailRule("$.email")).Rewrite("{\"email\":\"not an address\"}");
        Assert.Equal(JsonRewriteStatus.UnsupportedValue, result.Status);
    }

    [Fact]
    public void Invalid_values_take_the_configured_fallback_and_never_survive()
    {
        var rewriter = CreateLenient(EmailRule("$.email"), new JsonFieldRule("$.ip", Treatment.Truncate, PersonalDataCategory.IpAddress));
        var (result, output) = rewriter.Rewrite("{\"email\":\"not an address\",\"ip\":\"secret-host\"}");
        Assert.True(result.IsSuccess);
        Assert.DoesNotContain("not an address", output);
        Assert.DoesNotContain("secret-host", output);
        Assert.Contains("\"ip\":\"0.0.0.0\"", output);
        Assert.Contains("@pseudonymized.invalid\"", output);
    }

    [Fact]
    public void Invalid_ip_is_refused_when_the_pseudonymizer_throws() =>
        Assert.Equal(JsonRewriteStatus.UnsupportedValue, Create(new JsonFieldRule("$.ip", Treatment.Truncate)).Rewrite("{\"ip\":\"host\"}").Result.Status);

    [Fact]
    public void Purposes_give_different_tokens()
    {
        var rules = new[] { EmailRule("$.e") };
        var a = JsonRewriter.Create(rules, new JsonRewriterOptions(), Pseudonymizers, ProcessingPurpose.ServiceDelivery).Rewrite("{\"e\":\"a@x.org\"}").Output;
        var b = JsonRewriter.Create(rules, new JsonRewriterOptions(), Pseudonymizers, ProcessingPurpose.Marketing).Rewrite("{\"e\":\"a@x.org\"}").Output;
        Assert.NotEqual(a, b);
    }
}
