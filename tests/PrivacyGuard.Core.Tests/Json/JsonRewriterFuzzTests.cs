using System.Buffers;
using System.Text;
using System.Text.Json;
using CsCheck;
using PrivacyGuard.Json;
using static PrivacyGuard.Tests.Json.JsonDocumentModel;

namespace PrivacyGuard.Tests.Json;

public class JsonRewriterFuzzTests
{
    private static readonly byte[] Interesting = [.. "{}[]\",:\\u0nt.-e+ \n"u8, 0x00, 0x7F, 0x80, 0xBF, 0xC0, 0xC3, 0xE0, 0xED, 0xF0, 0xF4, 0xF8, 0xFF];

    private static readonly Gen<(int Position, byte Value, int Action)> Mutation =
        Gen.Select(Gen.Int[0, int.MaxValue], Gen.OneOf(Gen.Byte, Gen.Int[0, Interesting.Length - 1].Select(i => Interesting[i])), Gen.Int[0, 2]);

    [Fact]
    public void Mutated_documents_never_throw_and_any_success_is_valid_json_identical_when_streamed() =>
        Gen.Select(Document, Rules, Gen.Int, Mutation.Array[1, 4], Gen.Int[1, 40].Array[1, 4]).Sample((document, rules, seed, mutations, chunks) =>
        {
            Uniquify(document);
            var input = Mutate(Encoding.UTF8.GetBytes(Serialize(document, seed, (_, _) => null)), mutations);
            var rewriter = JsonRewriter.Create(
                rules.Select(r => r.ToRule()), new JsonRewriterOptions { BufferSize = 256 }, JsonTestRewriters.LenientPseudonymizers, ProcessingPurpose.ServiceDelivery);
            var output = new ArrayBufferWriter<byte>();
            var oneShot = rewriter.Rewrite(input, output);
            using var streamedOutput = new MemoryStream();
            var streamed = rewriter.RewriteAsync(new ChunkedStream(input, chunks), streamedOutput).AsTask().GetAwaiter().GetResult();

            Assert.Equal(oneShot.IsSuccess, streamed.IsSuccess);
            if (oneShot.IsSuccess)
            {
                using var _ = JsonDocument.Parse(output.WrittenMemory);
                Assert.Equal(output.WrittenSpan.ToArray(), streamedOutput.ToArray());
            }
        }, iter: 10_000);
}
