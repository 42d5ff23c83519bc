using System.Text;
using System.Text.Json;
using CsCheck;
using PrivacyGuard.AspNetCore.Problems;
using PrivacyGuard.Gateway.Operations;

namespace PrivacyGuard.Gateway.Tests.Operations;

public class ProblemTypeSnifferPropertyTests
{
    private static readonly string[] Types =
        [PrivacyProblemTypes.ProcessingRestricted, PrivacyProblemTypes.Objection, PrivacyProblemTypes.SubjectRequired, PrivacyProblemTypes.PrivacyStoreUnavailable];

    [Fact]
    public void The_type_of_a_problem_is_read_whatever_the_write_sizes_and_the_members_before_it()
    {
        var gen = Gen.Select(Gen.Int[0, Types.Length - 1], Gen.String[Gen.Char.AlphaNumeric, 0, 40], Gen.Int[0, 60], Gen.Int[1, 64]);
        gen.Sample((typeIndex, title, status, chunk) =>
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("title", title);
                writer.WriteStartObject("extensions");
                writer.WriteString("type", "not-this-one");
                writer.WriteEndObject();
                writer.WriteNumber("status", status);
                writer.WriteString("type", Types[typeIndex]);
                writer.WriteEndObject();
            }

            using var inner = new MemoryStream();
            using var sniffer = new ProblemTypeSniffer(inner);
            var bytes = buffer.ToArray();
            for (var at = 0; at < bytes.Length; at += chunk)
            {
                sniffer.Write(bytes.AsSpan(at, Math.Min(chunk, bytes.Length - at)));
            }

            Assert.Equal(Types[typeIndex], sniffer.ProblemType());
            Assert.Equal(bytes, inner.ToArray());
        }, iter: 10_000);
    }

    [Fact]
    public void Arbitrary_bytes_never_throw_and_pass_through_unchanged()
    {
        Gen.Byte.Array[0, 1200].Sample(bytes =>
        {
            using var inner = new MemoryStream();
            using var sniffer = new ProblemTypeSniffer(inner);
            sniffer.Write(bytes);
            var type = sniffer.ProblemType();
            Assert.Equal(bytes, inner.ToArray());
            Assert.True(type is null || Encoding.UTF8.GetByteCount(type) <= 512, "the sniffed type is longer than the sniffing window");
        }, iter: 10_000);
    }
}
