using System.Text;
using System.Text.Json;
using CsCheck;
using PrivacyGuard.Json;
using static PrivacyGuard.Tests.Json.JsonDocumentModel;

namespace PrivacyGuard.Tests.Json;

public class JsonRewriterPropertyTests
{
    private static readonly Gen<(Node Document, RuleModel[] Rules, int Seed)> Cases =
        Gen.Select(Document, JsonDocumentModel.Rules, Gen.Int).Select((d, r, s) => (d, r, s));

    [Fact]
    public void Output_is_the_input_with_exactly_the_selected_values_replaced() =>
        Cases.Sample((document, rules, seed) =>
        {
            Uniquify(document);
            var input = Serialize(document, seed, (_, _) => null);
            var selected = new HashSet<Str>();
            var expected = Serialize(document, seed, (path, node) => Expected(rules, path, node, selected));
            var rewriter = JsonRewriter.Create(rules.Select(r => r.ToRule()), new JsonRewriterOptions(), JsonTestRewriters.LenientPseudonymizers, ProcessingPurpose.ServiceDelivery);

            var (result, output) = rewriter.Rewrite(input);

            Assert.True(result.IsSuccess, result.Status.ToString());
            Assert.Equal(expected, output);
            using var _ = JsonDocument.Parse(output);
            foreach (var value in selected)
            {
                Assert.DoesNotContain(value.Value, output, StringComparison.Ordinal);
            }
        }, iter: 10_000);

    [Fact]
    public void Rewriting_an_output_again_changes_nothing() =>
        Cases.Sample((document, rules, seed) =>
        {
            // A client sending back what it was given: tokens stay tokens, truncated addresses and redactions stay as they are.
            Uniquify(document);
            var input = Serialize(document, seed, (_, _) => null);
            var rewriter = JsonRewriter.Create(rules.Select(r => r.ToRule()), new JsonRewriterOptions(), JsonTestRewriters.LenientPseudonymizers, ProcessingPurpose.ServiceDelivery);

            var (first, once) = rewriter.Rewrite(input);
            var (second, twice) = rewriter.Rewrite(once);

            Assert.True(first.IsSuccess && second.IsSuccess, $"{first.Status} {second.Status}");
            Assert.Equal(once, twice);
        }, iter: 10_000);

    [Fact]
    public void Streaming_in_random_chunks_gives_the_one_shot_output() =>
        Gen.Select(Cases, Gen.Int[1, 64].Array[1, 8]).Sample((testCase, chunks) =>
        {
            var (document, rules, seed) = testCase;
            Uniquify(document);
            var input = Encoding.UTF8.GetBytes(Serialize(document, seed, (_, _) => null));
            var rewriter = JsonRewriter.Create(
                rules.Select(r => r.ToRule()), new JsonRewriterOptions { BufferSize = 256 }, JsonTestRewriters.LenientPseudonymizers, ProcessingPurpose.ServiceDelivery);
            var (oneShot, oneShotOutput) = rewriter.Rewrite(input);

            using var destination = new MemoryStream();
            var streamed = rewriter.RewriteAsync(new ChunkedStream(input, chunks), destination).AsTask().GetAwaiter().GetResult();

            Assert.Equal(oneShot.Status, streamed.Status);
            Assert.Equal(oneShot.ValuesReplaced, streamed.ValuesReplaced);
            Assert.Equal(oneShotOutput, Encoding.UTF8.GetString(destination.ToArray()));
        }, iter: 10_000);

    [Fact]
    public void Truncated_documents_are_malformed_never_rewritten_in_part() =>
        Gen.Select(Cases, Gen.Double[0, 1]).Sample((testCase, cut) =>
        {
            var (document, rules, seed) = testCase;
            Uniquify(document);
            var input = Encoding.UTF8.GetBytes(Serialize(document, seed, (_, _) => null).TrimEnd());
            var length = (int)(cut * input.Length);
            var rewriter = JsonRewriter.Create(rules.Select(r => r.ToRule()), new JsonRewriterOptions(), JsonTestRewriters.LenientPseudonymizers, ProcessingPurpose.ServiceDelivery);
            var prefix = input[..length];
            var (result, _) = rewriter.Rewrite(prefix);
            Assert.Equal(IsCompleteJson(prefix) ? JsonRewriteStatus.Success : JsonRewriteStatus.Malformed, result.Status);
        }, iter: 10_000);

    private static bool IsCompleteJson(byte[] json)
    {
        try
        {
            using var _ = JsonDocument.Parse(json);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string? Expected(RuleModel[] rules, List<object> path, Node node, HashSet<Str> selected)
    {
        var rule = rules.FirstOrDefault(r => Matches(r, path));
        if (rule is null)
        {
            return null;
        }

        if (rule.Treatment == RuleTreatment.Redact)
        {
            CollectStrings(node, selected);
            return "null";
        }

        if (node is not Str s)
        {
            return null;
        }

        selected.Add(s);
        var pseudonymizers = JsonTestRewriters.LenientPseudonymizers;
        var purpose = ProcessingPurpose.ServiceDelivery;
        var token = rule.Treatment switch
        {
            RuleTreatment.Email => pseudonymizers.GetEmailPseudonymizer(purpose).Pseudonymize(s.Value),
            RuleTreatment.Value => pseudonymizers.GetValuePseudonymizer(purpose).Pseudonymize(s.Value),
            _ => pseudonymizers.GetIpAddressPseudonymizer(purpose, PrivacyGuard.Pseudonymization.IpPseudonymizationMode.Truncate).Pseudonymize(s.Value),
        };
        return "\"" + token + "\"";
    }

    private static void CollectStrings(Node node, HashSet<Str> strings)
    {
        switch (node)
        {
            case Str s: strings.Add(s); break;
            case Obj o: foreach (var p in o.Props) { CollectStrings(p.Value, strings); } break;
            case Arr a: foreach (var item in a.Items) { CollectStrings(item, strings); } break;
        }
    }
}
