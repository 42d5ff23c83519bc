using System.Globalization;
using System.Text;
using System.Text.Json;
using CsCheck;
using PrivacyGuard.Json;
using static PrivacyGuard.Tests.Json.JsonDocumentModel;

namespace PrivacyGuard.Tests.Json;

/// <summary>
/// The rewriter's tokenizer against <see cref="Utf8JsonReader"/> with default options, the reference it replaces: the same
/// documents accepted, the same tokens at the same offsets and depths, whatever block sizes the input arrives in.
/// </summary>
public class JsonScannerTests
{
    private const int MaxDepth = 5;

    private static readonly byte[] Alphabet = [.. "{}[]\",:\\/u0123456789abcdefAEtrunlsx.-+ \n\r\t"u8, 0x00, 0x0B, 0x1F, 0x7F, 0x80, 0xC3, 0xA9, 0xFF];

    private static readonly Gen<(int Position, byte Value, int Action)> Mutation =
        Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[0, Alphabet.Length - 1].Select(i => Alphabet[i]), Gen.Int[0, 2]);

    private static readonly Gen<byte[]> MutatedDocuments =
        Gen.Select(Document, Gen.Int, Mutation.Array[0, 3]).Select((document, seed, mutations) =>
            Mutate(Encoding.UTF8.GetBytes(Serialize(document, seed, (_, _) => null)), mutations));

    private static readonly Gen<byte[]> ShortByteStrings = Gen.Int[0, Alphabet.Length - 1].Select(i => Alphabet[i]).Array[0, 12];

    [Fact]
    public void Mutated_documents_are_accepted_and_tokenized_exactly_as_Utf8JsonReader_does_in_any_block_sizes() =>
        Gen.Select(MutatedDocuments, Gen.Int[1, 24].Array[1, 4]).Sample((input, chunks) => AssertSameAsReference(input, chunks, skipSeed: null), iter: 20_000);

    [Fact]
    public void Short_byte_strings_are_accepted_and_tokenized_exactly_as_Utf8JsonReader_does_in_any_block_sizes() =>
        Gen.Select(ShortByteStrings, Gen.Int[1, 5].Array[1, 3]).Sample((input, chunks) => AssertSameAsReference(input, chunks, skipSeed: null), iter: 50_000);

    [Fact]
    public void Skipping_containers_checks_the_same_grammar_and_ends_where_the_reader_ends_them() =>
        Gen.Select(Gen.OneOf(MutatedDocuments, ShortByteStrings), Gen.Int[1, 24].Array[1, 4], Gen.Int)
            .Sample((input, chunks, seed) => AssertSameAsReference(input, chunks, seed), iter: 30_000);

    [Theory]
    [InlineData("{}", true)]
    [InlineData(" [ ] ", true)]
    [InlineData("\"root\"", true)]
    [InlineData("0", true)]
    [InlineData("-0.0e+0", true)]
    [InlineData("1E-7", true)]
    [InlineData("[1,2.5,-3e10,true,false,null,\"x\",{},[]]", true)]
    [InlineData("{\"a\" : {\"b\":[{}]} , \"c\":\"\\u00e9\\uD83D\\uDE00\\n\\\"\"}", true)]
    [InlineData("[\"\\ud800\"]", true)] // a lone surrogate escape is grammatical; only decoding it fails
    [InlineData("", false)]
    [InlineData("   ", false)]
    [InlineData("\uFEFF{}", false)] // a byte order mark, as Utf8JsonReader
    [InlineData("{} {}", false)]
    [InlineData("1 2", false)]
    [InlineData("[1,]", false)]
    [InlineData("{\"a\":1,}", false)]
    [InlineData("{\"a\" 1}", false)]
    [InlineData("{1:1}", false)]
    [InlineData("[1}", false)]
    [InlineData("{]", false)]
    [InlineData("[01]", false)]
    [InlineData("[-]", false)]
    [InlineData("[1.]", false)]
    [InlineData("[.5]", false)]
    [InlineData("[1e]", false)]
    [InlineData("[+1]", false)]
    [InlineData("[tru]", false)]
    [InlineData("[nulls]", false)]
    [InlineData("[\"\\x\"]", false)]
    [InlineData("[\"\\u12G4\"]", false)]
    [InlineData("[\"tab\there\"]", false)]
    [InlineData("[\"open", false)]
    [InlineData("[1/*comment*/]", false)]
    [InlineData("['single']", false)]
    public void Known_documents_are_accepted_or_refused(string json, bool valid)
    {
        var input = Encoding.UTF8.GetBytes(json);
        Assert.Equal(valid, Reference(input).Accepted);
        Assert.Equal(valid, Scan(input, [input.Length]).Accepted);
        Assert.Equal(valid, Scan(input, [1]).Accepted);
    }

    [Theory]
    [InlineData(5, true)]
    [InlineData(6, false)]
    public void Nesting_deeper_than_the_limit_is_refused_as_too_deep(int levels, bool accepted)
    {
        var input = Encoding.UTF8.GetBytes(new string('[', levels) + new string(']', levels));
        var result = Scan(input, [input.Length]);
        Assert.Equal(accepted, result.Accepted);
        Assert.Equal(accepted ? JsonRewriteStatus.Success : JsonRewriteStatus.TooDeep, result.Error);
    }

    [Fact]
    public void Unescaping_gives_the_strings_UTF8_text_or_false_for_a_lone_surrogate() =>
        Gen.Select(Gen.Char.Array[0, 12], Gen.Int[0, 2].Array[12]).Sample((chars, styles) =>
        {
            var text = new string(chars);
            var raw = new StringBuilder();
            for (var i = 0; i < chars.Length; i++)
            {
                var c = chars[i];
                var mustEscape = char.IsSurrogate(c) || c < 0x20 || c is '"' or '\\';
                if (styles[i] == 0 && !mustEscape)
                {
                    raw.Append(c);
                }
                else if (styles[i] == 1 && c is '"' or '\\' or '/' or '\n' or '\t' or '\r' or '\b' or '\f')
                {
                    raw.Append('\\').Append(c switch { '\n' => 'n', '\t' => 't', '\r' => 'r', '\b' => 'b', '\f' => 'f', _ => c });
                }
                else
                {
                    raw.Append("\\u").Append(((int)c).ToString(i % 2 == 0 ? "x4" : "X4", CultureInfo.InvariantCulture));
                }
            }

            var rawBytes = Encoding.UTF8.GetBytes(raw.ToString());
            var destination = new byte[rawBytes.Length];
            var isText = text.EnumerateRunes().Sum(r => r.Utf16SequenceLength) == text.Length && !HasLoneSurrogate(text);
            Assert.Equal(isText, JsonUnescaper.TryUnescape(rawBytes, destination, out var written));
            if (isText)
            {
                Assert.Equal(Encoding.UTF8.GetBytes(text), destination[..written]);
            }
        }, iter: 20_000);

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }

    private static void AssertSameAsReference(byte[] input, int[] chunks, int? skipSeed)
    {
        var expected = Reference(input);
        if (skipSeed is { } seed)
        {
            expected = (expected.Accepted, WithoutSkipped(expected.Tokens, seed));
        }

        var actual = Scan(input, chunks, skipSeed);
        Assert.Equal(expected.Accepted, actual.Accepted);
        if (expected.Accepted)
        {
            Assert.Equal(expected.Tokens, actual.Tokens);
        }
        else
        {
            // Both stop at the error and agree on every token both read; the reader refuses a number or literal with
            // wrong bytes after it at once, the scanner at the token after it, so the scanner may read one more.
            var common = Math.Min(expected.Tokens.Count, actual.Tokens.Count);
            Assert.Equal(expected.Tokens.Take(common), actual.Tokens.Take(common));
            Assert.InRange(actual.Tokens.Count, expected.Tokens.Count, expected.Tokens.Count + 1);
        }
    }

    private static (bool Accepted, List<string> Tokens) Reference(byte[] input)
    {
        var tokens = new List<string>();
        try
        {
            var reader = new Utf8JsonReader(input, new JsonReaderOptions { MaxDepth = MaxDepth });
            while (reader.Read())
            {
                tokens.Add($"{reader.TokenType}@{reader.TokenStartIndex}-{reader.BytesConsumed}/{reader.CurrentDepth}");
            }

            return (true, tokens);
        }
        catch (JsonException)
        {
            return (false, tokens);
        }
    }

    /// <summary>Whether the scanner skips the container that starts at <paramref name="offset"/> (drawn from the seed).</summary>
    private static bool Skips(int seed, int offset) => HashCode.Combine(seed, offset) % 2 == 0;

    /// <summary>The reference's tokens without those inside the containers the scanner skips.</summary>
    private static List<string> WithoutSkipped(List<string> tokens, int seed)
    {
        var kept = new List<string>();
        var skipUntil = -1;
        foreach (var token in tokens)
        {
            var depth = int.Parse(token[(token.LastIndexOf('/') + 1)..], CultureInfo.InvariantCulture);
            if (skipUntil >= 0)
            {
                if (token.StartsWith("End", StringComparison.Ordinal) && depth == skipUntil)
                {
                    kept.Add(token);
                    skipUntil = -1;
                }

                continue;
            }

            kept.Add(token);
            var offset = int.Parse(token[(token.IndexOf('@') + 1)..token.IndexOf('-', token.IndexOf('@'))], CultureInfo.InvariantCulture);
            if (token.StartsWith("Start", StringComparison.Ordinal) && Skips(seed, offset))
            {
                skipUntil = depth;
            }
        }

        return kept;
    }

    /// <summary>
    /// Scans <paramref name="input"/> arriving in blocks of <paramref name="chunks"/> bytes (cycled), as the rewriter does;
    /// with <paramref name="skipSeed"/>, some containers are passed over with <see cref="JsonScanner.SkipToEndAt"/>.
    /// </summary>
    private static (bool Accepted, List<string> Tokens, JsonRewriteStatus Error) Scan(byte[] input, int[] chunks, int? skipSeed = null)
    {
        var tokens = new List<string>();
        var state = default(JsonScannerState);
        var offset = 0;
        var available = 0;
        var skipping = -1;
        for (var read = 0; ; read++)
        {
            available = Math.Min(input.Length, available + chunks[read % chunks.Length]);
            var isFinal = available == input.Length;
            var scanner = new JsonScanner(input.AsSpan(offset, available - offset), isFinal, MaxDepth, ref state);
            while (skipping >= 0 ? scanner.SkipToEndAt(skipping) : scanner.Read())
            {
                tokens.Add($"{Name(scanner.Token)}@{offset + scanner.TokenStart}-{offset + scanner.BytesConsumed}/{scanner.CurrentDepth}");
                skipping = -1;
                if (skipSeed is { } seed && scanner.Token is JsonScannerToken.StartObject or JsonScannerToken.StartArray && Skips(seed, offset + scanner.TokenStart))
                {
                    skipping = scanner.CurrentDepth;
                }
            }

            if (scanner.Error != JsonRewriteStatus.Success)
            {
                return (false, tokens, scanner.Error);
            }

            offset += scanner.BytesConsumed;
            if (isFinal)
            {
                Assert.Equal(input.Length, offset);
                return (true, tokens, JsonRewriteStatus.Success);
            }
        }
    }

    private static string Name(JsonScannerToken token) => token switch
    {
        JsonScannerToken.StartObject => nameof(JsonTokenType.StartObject),
        JsonScannerToken.EndObject => nameof(JsonTokenType.EndObject),
        JsonScannerToken.StartArray => nameof(JsonTokenType.StartArray),
        JsonScannerToken.EndArray => nameof(JsonTokenType.EndArray),
        JsonScannerToken.PropertyName => nameof(JsonTokenType.PropertyName),
        JsonScannerToken.String => nameof(JsonTokenType.String),
        JsonScannerToken.Number => nameof(JsonTokenType.Number),
        JsonScannerToken.True => nameof(JsonTokenType.True),
        JsonScannerToken.False => nameof(JsonTokenType.False),
        JsonScannerToken.Null => nameof(JsonTokenType.Null),
        _ => token.ToString(),
    };
}
