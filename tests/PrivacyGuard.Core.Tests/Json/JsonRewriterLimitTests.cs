using System.Text;
using PrivacyGuard.Json;
using static PrivacyGuard.Tests.Json.JsonTestRewriters;

namespace PrivacyGuard.Tests.Json;

public class JsonRewriterLimitTests
{
    private static readonly JsonRewriter Rewriter = Create(EmailRule("$..email"));

    public static TheoryData<string, byte[]> MalformedInputs() => new()
    {
        { "empty", [] },
        { "white space only", "  \n"u8.ToArray() },
        { "truncated object", "{\"email\":\"a@x.org\""u8.ToArray() },
        { "truncated string", "{\"email\":\"a@x.o"u8.ToArray() },
        { "trailing comma in object", "{\"a\":1,}"u8.ToArray() },
        { "trailing comma in array", "[1,2,]"u8.ToArray() },
        { "NaN", "{\"a\":NaN}"u8.ToArray() },
        { "Infinity", "[Infinity]"u8.ToArray() },
        { "comment", "{\"a\":1 /* x */}"u8.ToArray() },
        { "single quotes", "{'a':1}"u8.ToArray() },
        { "trailing garbage", "{\"a\":1} x"u8.ToArray() },
        { "two documents", "{} {}"u8.ToArray() },
        { "raw NUL in a string", "{\"a\":\"x\0y\"}"u8.ToArray() },
        { "NUL after the document", "{}\0"u8.ToArray() },
        { "invalid UTF-8 in a value", [.. "{\"a\":\""u8, 0xFF, .. "\"}"u8] },
        { "invalid UTF-8 in a selected value", [.. "{\"email\":\"a"u8, 0xC3, .. "@x.org\"}"u8] },
        { "invalid UTF-8 in a name", [.. "{\""u8, 0x80, .. "\":1}"u8] },
        { "overlong encoding of '/'", [.. "{\"a\":\""u8, 0xC0, 0xAF, .. "\"}"u8] },
        { "overlong three-byte encoding", [.. "[\""u8, 0xE0, 0x80, 0xAF, .. "\"]"u8] },
        { "encoded surrogate", [.. "[\""u8, 0xED, 0xA0, 0x80, .. "\"]"u8] },
        { "lone surrogate escape in a selected value", "{\"email\":\"a\\ud800@x.org\"}"u8.ToArray() },
        { "lone low surrogate escape in a selected value", "{\"email\":\"\\udc00a@x.org\"}"u8.ToArray() },
        { "lone low surrogate escape in a property name being matched", "{\"\\ude00ip\":1}"u8.ToArray() },
        { "lone high surrogate escape in a property name being matched", "{\"email\\ud83d\":\"a@x.org\"}"u8.ToArray() },
        { "bad escape", "{\"a\":\"\\x\"}"u8.ToArray() },
        { "unquoted name", "{a:1}"u8.ToArray() },
        { "leading zero", "[01]"u8.ToArray() },
        { "unbalanced", "[1}"u8.ToArray() },
    };

    [Theory]
    [MemberData(nameof(MalformedInputs))]
    public void Malformed_input_is_reported_as_malformed(string description, byte[] input)
    {
        var (result, _) = Rewriter.Rewrite(input);
        Assert.True(result.Status == JsonRewriteStatus.Malformed, description);
    }

    [Theory]
    [MemberData(nameof(MalformedInputs))]
    public async Task Malformed_input_is_reported_as_malformed_when_streamed(string description, byte[] input)
    {
        using var destination = new MemoryStream();
        var result = await Rewriter.RewriteAsync(new ChunkedStream(input, [1]), destination, TestContext.Current.CancellationToken);
        Assert.True(result.Status == JsonRewriteStatus.Malformed, description);
    }

    [Fact]
    public void A_lone_surrogate_escape_outside_selected_values_is_passed_through_as_System_Text_Json_does()
    {
        const string json = "{\"note\":\"\\ud800\"}";
        Assert.Equal((JsonRewriteStatus.Success, json), (Rewriter.Rewrite(json).Result.Status, Rewriter.Rewrite(json).Output));
    }

    [Theory]
    [InlineData(64, 64, JsonRewriteStatus.Success)]
    [InlineData(64, 65, JsonRewriteStatus.TooDeep)]
    [InlineData(3, 3, JsonRewriteStatus.Success)]
    [InlineData(3, 4, JsonRewriteStatus.TooDeep)]
    [InlineData(64, 10_000, JsonRewriteStatus.TooDeep)]
    public async Task Depth_beyond_the_maximum_is_too_deep(int maxDepth, int depth, JsonRewriteStatus expected)
    {
        var json = Encoding.UTF8.GetBytes(new string('[', depth) + new string(']', depth));
        var rewriter = Create(new JsonRewriterOptions { MaxDepth = maxDepth }, EmailRule("$..email"));
        Assert.Equal(expected, rewriter.Rewrite(json).Result.Status);
        using var destination = new MemoryStream();
        Assert.Equal(expected, (await rewriter.RewriteAsync(new ChunkedStream(json, [7]), destination, TestContext.Current.CancellationToken)).Status);
    }

    [Fact]
    public void Depth_inside_a_redacted_container_still_counts()
    {
        var json = "{\"a\":" + new string('[', 10) + new string(']', 10) + "}";
        var rewriter = Create(new JsonRewriterOptions { MaxDepth = 5 }, JsonFieldRule.Redact("$.a"));
        Assert.Equal(JsonRewriteStatus.TooDeep, rewriter.Rewrite(json).Result.Status);
    }

    [Theory]
    [InlineData(100, 100, JsonRewriteStatus.Success)]
    [InlineData(100, 101, JsonRewriteStatus.TooLarge)]
    public async Task Input_beyond_the_size_limit_is_too_large(int limit, int size, JsonRewriteStatus expected)
    {
        var json = Encoding.UTF8.GetBytes("[\"" + new string('x', size - 4) + "\"]");
        var rewriter = Create(new JsonRewriterOptions { MaxInputBytes = limit, BufferSize = 256 }, EmailRule("$..email"));
        Assert.Equal(expected, rewriter.Rewrite(json).Result.Status);
        using var destination = new MemoryStream();
        Assert.Equal(expected, (await rewriter.RewriteAsync(new ChunkedStream(json, [13]), destination, TestContext.Current.CancellationToken)).Status);
    }

    [Fact]
    public async Task A_token_longer_than_the_buffer_grows_it()
    {
        var longValue = new string('v', 5000);
        var json = Encoding.UTF8.GetBytes($"{{\"x\":\"{longValue}\",\"email\":\"a@x.org\"}}");
        var rewriter = Create(new JsonRewriterOptions { BufferSize = 256 }, EmailRule("$.email"));
        using var destination = new MemoryStream();
        var result = await rewriter.RewriteAsync(new ChunkedStream(json, [100]), destination, TestContext.Current.CancellationToken);
        Assert.True(result.IsSuccess);
        Assert.Equal($"{{\"x\":\"{longValue}\",\"email\":\"{Email("a@x.org")}\"}}", Encoding.UTF8.GetString(destination.ToArray()));
    }
}
