using System.Buffers;
using System.Runtime.InteropServices;
using PrivacyGuard.Json;

namespace PrivacyGuard.Tests.Json;

/// <summary>
/// The rewriter's output buffer goes back to the shared pool holding no byte of what was written (rewritten bodies carry
/// tokens next to untouched personal data), while clearing only the part a writer could have touched. Each test has a
/// pool of its own, so no other test can rent an array between its return and the check.
/// </summary>
public class PooledBufferWriterTests
{
    [Fact]
    public void Every_byte_written_is_cleared_when_flushed_and_when_returned_even_after_growing()
    {
        var writer = new PooledBufferWriter(64, ArrayPool<byte>.Create());
        var first = ArrayOf(writer.GetMemory(1));
        Write(writer, 40, 0xAB);
        writer.Clear();
        Assert.All(first, b => Assert.Equal(0, b));

        Write(writer, 50, 0xCD);
        Write(writer, 500, 0xEF); // grows: the first array goes back to the pool cleared
        Assert.All(first, b => Assert.Equal(0, b));

        var second = ArrayOf(writer.GetMemory(1));
        Assert.NotSame(first, second);
        Assert.Equal(0xCD, second[0]);
        writer.Dispose();
        Assert.All(second, b => Assert.Equal(0, b));
    }

    [Fact]
    public void Bytes_written_to_a_span_that_was_asked_for_but_not_advanced_are_cleared_too()
    {
        var writer = new PooledBufferWriter(256, ArrayPool<byte>.Create());
        var array = ArrayOf(writer.GetMemory(1));
        writer.GetSpan(100)[..100].Fill(0x5A); // a write abandoned before Advance, as after a failed replacement
        writer.Dispose();
        Assert.All(array, b => Assert.Equal(0, b));
    }

    private static void Write(PooledBufferWriter writer, int count, byte value)
    {
        writer.GetSpan(count)[..count].Fill(value);
        writer.Advance(count);
    }

    private static byte[] ArrayOf(Memory<byte> memory) =>
        MemoryMarshal.TryGetArray<byte>(memory, out var segment) ? segment.Array! : throw new InvalidOperationException("not array-backed");
}
