using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.Extensions.DependencyInjection;
using PrivacyGuard.Json;
using PrivacyGuard.Pseudonymization;

namespace PrivacyGuard.Fuzzing;

/// <summary>
/// Streaming JSON rewriter with a fixed rule set, one-shot and streamed in small chunks. The first input byte picks the
/// chunk sizes and the rewriter (lenient or strict pseudonymizers); the rest is the document. Invariants: no exception
/// escapes; the status is a defined value; a success is valid JSON and the input was valid JSON too; streamed and one-shot
/// runs agree on success and then give identical bytes; a document System.Text.Json accepts within the depth limit, all of whose
/// strings decode, is never called malformed or too deep.
/// </summary>
internal static class JsonTarget
{
    private const int MaxDepth = 32;

    private static readonly JsonFieldRule[] Rules =
    [
        JsonFieldRule.Pseudonymize("$.email", PersonalDataCategory.Email),
        JsonFieldRule.Pseudonymize("$.contacts[*].email", PersonalDataCategory.Email),
        JsonFieldRule.Pseudonymize("$..mail", PersonalDataCategory.Email),
        new JsonFieldRule("$.ip", Treatment.Truncate, PersonalDataCategory.IpAddress),
        new JsonFieldRule("$[*][*].ip", Treatment.PrefixPreserving, PersonalDataCategory.IpAddress),
        JsonFieldRule.Pseudonymize("$.client", PersonalDataCategory.IpAddress),
        JsonFieldRule.Pseudonymize("$.name", PersonalDataCategory.Name),
        JsonFieldRule.Redact("$..note"),
        JsonFieldRule.Redact("$['odd name']['a.b']"),
        JsonFieldRule.Redact("$.list[*]"),
    ];

    private static readonly JsonRewriter Lenient = Create(InvalidEmailHandling.TokenOfRawValue, InvalidIpHandling.Unspecified, JsonNonStringValueHandling.Leave);
    private static readonly JsonRewriter Strict = Create(InvalidEmailHandling.Throw, InvalidIpHandling.Throw, JsonNonStringValueHandling.Refuse);

    public static void Run(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        var control = data[0];
        var json = data[1..].ToArray();
        int[] chunks = [1 + (control & 0x7), 1 + ((control >> 3) & 0xF), 1];
        var rewriter = (control & 0x80) == 0 ? Lenient : Strict;

        var output = new ArrayBufferWriter<byte>();
        JsonRewriteResult oneShot;
        try
        {
            oneShot = rewriter.Rewrite(json, output);
        }
        catch (Exception e)
        {
            throw new FuzzInvariantException("one-shot rewriting throws nothing", e);
        }

        FuzzAssert.Defined(oneShot.Status, "the one-shot status is defined");
        if (oneShot.IsSuccess)
        {
            FuzzAssert.True(IsJson(output.WrittenMemory), "a one-shot success is valid JSON");
            FuzzAssert.True(IsJson(json), "only valid JSON is rewritten successfully");
            FuzzAssert.Equal((long)output.WrittenCount, oneShot.BytesWritten, "BytesWritten counts the output");
        }
        else if (oneShot.Status is JsonRewriteStatus.Malformed or JsonRewriteStatus.TooDeep)
        {
            FuzzAssert.True(!IsJson(json, decodableStrings: true), "valid JSON within the depth limit is never malformed or too deep");
        }

        using var streamed = new MemoryStream();
        JsonRewriteResult streamedResult;
        try
        {
            streamedResult = rewriter.RewriteAsync(new ChunkedReadStream(json, chunks), streamed).AsTask().GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            throw new FuzzInvariantException("streamed rewriting throws nothing", e);
        }

        FuzzAssert.Defined(streamedResult.Status, "the streamed status is defined");
        // Only success must agree: which failure is reported first may depend on where the chunks split (see README).
        FuzzAssert.Equal(oneShot.IsSuccess, streamedResult.IsSuccess, "streamed and one-shot rewriting agree on success");
        if (oneShot.IsSuccess)
        {
            FuzzAssert.True(output.WrittenSpan.SequenceEqual(streamed.ToArray()), "streamed and one-shot rewriting give the same bytes");
        }
    }

    private static bool IsJson(ReadOnlyMemory<byte> json, bool decodableStrings = false)
    {
        // The reader, not JsonDocument: JsonDocument skips a UTF-8 byte order mark, which the rewriter rightly refuses.
        // Valid means the RFC 8259 grammar in well-formed UTF-8: an escaped lone surrogate ("\ud800") is grammatical
        // and passes through untouched; decodableStrings also requires every string to decode (the rewriter refuses
        // to pseudonymize or match a lone surrogate, and reports Malformed).
        var reader = new Utf8JsonReader(json.Span, new JsonReaderOptions { MaxDepth = MaxDepth });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
                {
                    if (!Utf8.IsValid(reader.ValueSpan))
                    {
                        return false;
                    }

                    if (decodableStrings)
                    {
                        _ = reader.GetString();
                    }
                }
            }

            return reader.BytesConsumed == json.Length;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: GetString of an escaped lone surrogate.
            return false;
        }
    }

    private static JsonRewriter Create(InvalidEmailHandling email, InvalidIpHandling ip, JsonNonStringValueHandling nonStrings)
    {
        var services = new ServiceCollection().AddPrivacyGuard(
            keys =>
            {
                keys.CurrentKeyId = FuzzKeys.KeyId;
                keys.Keys[FuzzKeys.KeyId] = FuzzKeys.RootKeyBase64;
            },
            options =>
            {
                options.Email.InvalidInput = email;
                options.IpAddresses.InvalidInput = ip;
            }).Services.BuildServiceProvider();
        var options = new JsonRewriterOptions { MaxDepth = MaxDepth, BufferSize = 256, MaxInputBytes = 64 * 1024, NonStringValues = nonStrings };
        return JsonRewriter.Create(Rules, options, services.GetRequiredService<IPseudonymizerProvider>(), ProcessingPurpose.ServiceDelivery);
    }
}
