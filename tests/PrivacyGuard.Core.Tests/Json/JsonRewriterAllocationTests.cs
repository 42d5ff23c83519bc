using System.Buffers;
using System.Text;
using PrivacyGuard.Json;
using static PrivacyGuard.Tests.Json.JsonTestRewriters;

namespace PrivacyGuard.Tests.Json;

public class JsonRewriterAllocationTests
{
    [Fact]
    public void Allocation_does_not_grow_with_the_document()
    {
        var rewriter = Create(EmailRule("$[*].email"), new JsonFieldRule("$[*].ip", Treatment.Truncate, PersonalDataCategory.IpAddress));
        var small = Document(10);
        var large = Document(5_000);
        var output = new ArrayBufferWriter<byte>(large.Length * 2);

        var smallBytes = Measure(rewriter, small, output);
        var largeBytes = Measure(rewriter, large, output);

        Assert.True(largeBytes <= smallBytes + 256, $"{smallBytes} bytes for 10 records, {largeBytes} bytes for 5000");
    }

    private static long Measure(JsonRewriter rewriter, byte[] json, ArrayBufferWriter<byte> output)
    {
        output.ResetWrittenCount();
        Assert.True(rewriter.Rewrite(json, output).IsSuccess);
        output.ResetWrittenCount();
        var before = GC.GetAllocatedBytesForCurrentThread();
        _ = rewriter.Rewrite(json, output);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static byte[] Document(int records)
    {
        var builder = new StringBuilder("[");
        for (var i = 0; i < records; i++)
        {
            builder.Append(i == 0 ? "" : ",").Append($"{{\"id\":{i},\"email\":\"user{i}@example.com\",\"ip\":\"10.1.{i % 250}.{i % 199}\",\"tags\":[\"a\",\"b\"]}}");
        }

        return Encoding.UTF8.GetBytes(builder.Append(']').ToString());
    }
}
