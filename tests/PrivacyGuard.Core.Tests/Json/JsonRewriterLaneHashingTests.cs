using System.Text;
using System.Text.Json.Nodes;
using PrivacyGuard.Json;
using PrivacyGuard.Pseudonymization;

namespace PrivacyGuard.Tests.Json;

/// <summary>
/// Tokens whose hashes the rewriter computes in lanes (several at once, on processors with AVX-512) are exactly the
/// tokens the pseudonymizers give one value at a time: more values than one lane batch holds, e-mails and names (two
/// keys) interleaved, escaped values, long values that cannot wait, one-shot and streamed in small blocks.
/// </summary>
public class JsonRewriterLaneHashingTests
{
    private const int Users = 19;

    private static string Document()
    {
        var users = new JsonArray();
        for (var i = 0; i < Users; i++)
        {
            users.Add(new JsonObject
            {
                ["email"] = $"person.{i}@example.com",
                ["name"] = i % 5 == 0 ? new string('n', 150 + i) : $"Person \u00e9 {i}",
                ["note"] = "left alone",
            });
        }

        // An escaped e-mail and name: their unescaped text is what is hashed.
        var text = new JsonObject { ["users"] = users }.ToJsonString();
        return text.Replace("\"person.3@example.com\"", "\"person.3\\u0040example.com\"", StringComparison.Ordinal)
            .Replace("\"Person \\u00E9 4\"", "\"Person \\u00e9 4\"", StringComparison.Ordinal);
    }

    private static JsonRewriter Rewriter(int bufferSize) => JsonRewriter.Create(
        [JsonFieldRule.Pseudonymize("$.users[*].email", PersonalDataCategory.Email), JsonFieldRule.Pseudonymize("$.users[*].name", PersonalDataCategory.Name)],
        new JsonRewriterOptions { BufferSize = bufferSize },
        JsonTestRewriters.Pseudonymizers,
        ProcessingPurpose.ServiceDelivery);

    private static void AssertTokens(string output)
    {
        var emails = JsonTestRewriters.Pseudonymizers.GetEmailPseudonymizer(ProcessingPurpose.ServiceDelivery);
        var names = JsonTestRewriters.Pseudonymizers.GetValuePseudonymizer(ProcessingPurpose.ServiceDelivery);
        var users = JsonNode.Parse(output)!["users"]!.AsArray();
        Assert.Equal(Users, users.Count);
        for (var i = 0; i < Users; i++)
        {
            var name = i % 5 == 0 ? new string('n', 150 + i) : $"Person \u00e9 {i}";
            Assert.Equal(emails.Pseudonymize($"person.{i}@example.com"), users[i]!["email"]!.GetValue<string>());
            Assert.Equal(names.Pseudonymize(name), users[i]!["name"]!.GetValue<string>());
            Assert.Equal("left alone", users[i]!["note"]!.GetValue<string>());
        }
    }

    [Fact]
    public void One_shot_tokens_equal_the_one_value_tokens()
    {
        var (result, output) = Rewriter(16 * 1024).Rewrite(Document());

        Assert.True(result.IsSuccess, result.Status.ToString());
        Assert.Equal(2 * Users, result.ValuesReplaced);
        AssertTokens(output);
    }

    [Theory]
    [InlineData(256)]
    [InlineData(300)]
    [InlineData(4096)]
    public async Task Streamed_tokens_equal_the_one_value_tokens(int bufferSize)
    {
        using var destination = new MemoryStream();
        var result = await Rewriter(bufferSize).RewriteAsync(new ChunkedStream(Encoding.UTF8.GetBytes(Document()), [37, 64, 5]), destination, TestContext.Current.CancellationToken);

        Assert.True(result.IsSuccess, result.Status.ToString());
        Assert.Equal(2 * Users, result.ValuesReplaced);
        AssertTokens(Encoding.UTF8.GetString(destination.ToArray()));
    }

    [Fact]
    public void A_refused_value_after_waiting_hashes_leaves_nothing_behind_for_the_next_rewrite()
    {
        // The third e-mail is refused after two hashes were queued; the next rewrite on the thread starts clean.
        var refusing = JsonTestRewriters.Create(JsonTestRewriters.EmailRule("$.users[*].email"));
        var (refused, _) = refusing.Rewrite("""{"users":[{"email":"a@example.com"},{"email":"b@example.com"},{"email":"not an address"}]}""");
        Assert.Equal(JsonRewriteStatus.UnsupportedValue, refused.Status);

        var (result, output) = Rewriter(16 * 1024).Rewrite(Document());
        Assert.True(result.IsSuccess, result.Status.ToString());
        AssertTokens(output);
    }

    [Fact]
    public void Lane_hashing_is_used_where_the_processor_has_AVX_512() =>
        Assert.Equal(System.Runtime.Intrinsics.X86.Avx512F.IsSupported, Blake2bKeyed.LanesAccelerated);
}
