using CsCheck;
using PrivacyGuard.AspNetCore.BodyRewriting;

namespace PrivacyGuard.AspNetCore.Tests.BodyRewriting;

public class JsonMediaTypeTests
{
    [Theory]
    [InlineData("application/json", true)]
    [InlineData("APPLICATION/JSON", true)]
    [InlineData("application/json; charset=utf-8", true)]
    [InlineData("Application/Json; Charset=UTF-8", true)]
    [InlineData("application/json;charset=\"utf-8\"", true)]
    [InlineData("application/problem+json", true)]
    [InlineData("application/vnd.api+json; charset=utf-8", true)]
    [InlineData("application/json; charset=iso-8859-1", false)]
    [InlineData("application/json; charset=utf-16", false)]
    [InlineData("text/json", false)]
    [InlineData("text/plain", false)]
    [InlineData("application/jsonx", false)]
    [InlineData("application/json; charset=utf-8x", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Only_UTF8_JSON_content_types_are_read(string? contentType, bool expected) =>
        Assert.Equal(expected, JsonMediaType.IsUtf8Json(contentType));

    [Fact]
    public void The_unparsed_forms_answer_as_the_parser_does_in_any_casing_and_near_misses_go_to_the_parser()
    {
        string[] bases = ["application/json", "application/json; charset=utf-8", "application/json;charset=utf-8", "application/json; charset=utf-16",
            "application/json ", "application/jsonp", "application/json; charset=utf-8; q=1"];
        Gen.Select(Gen.Int[0, bases.Length - 1], Gen.Bool.Array[64])
            .Sample((index, upper) =>
            {
                var text = string.Concat(bases[index].Select((c, i) => upper[i % upper.Length] ? char.ToUpperInvariant(c) : c));
                Assert.Equal(Reference(text), JsonMediaType.IsUtf8Json(text));
            }, iter: 5_000);
    }

    /// <summary>The parser's answer alone, as the method gave it before the unparsed forms.</summary>
    private static bool Reference(string contentType)
    {
        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
        {
            return false;
        }

        var isJson = mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase);
        var charset = Microsoft.Net.Http.Headers.HeaderUtilities.RemoveQuotes(mediaType.Charset);
        return isJson && (!mediaType.Charset.HasValue || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));
    }
}
