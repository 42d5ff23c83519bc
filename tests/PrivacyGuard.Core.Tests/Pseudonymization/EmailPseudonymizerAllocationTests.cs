using PrivacyGuard.Pseudonymization;
using static PrivacyGuard.Tests.Pseudonymization.EmailPseudonymizerTests;

namespace PrivacyGuard.Tests.Pseudonymization;

public class EmailPseudonymizerAllocationTests
{
    [Theory]
    [InlineData(EmailTokenFormat.TokenOnly)]
    [InlineData(EmailTokenFormat.TokenAtOriginalDomain)]
    [InlineData(EmailTokenFormat.TokenAtPseudonymizedDomain)]
    public void Span_overloads_allocate_nothing_for_ascii_addresses(EmailTokenFormat format)
    {
        using var pseudonymizer = Create(format, removePlusTag: true);
        var chars = new char[EmailPseudonymizer.MaxOutputLength];
        var bytes = new byte[EmailPseudonymizer.MaxOutputLength];
        var input = " Jane.Doe+News@Example.COM ";
        var utf8 = "Jane.Doe+News@Example.COM"u8.ToArray();
        RunBoth(pseudonymizer, input, utf8, chars, bytes, 100);

        var before = GC.GetAllocatedBytesForCurrentThread();
        RunBoth(pseudonymizer, input, utf8, chars, bytes, 1_000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void The_string_overload_allocates_only_its_result()
    {
        using var pseudonymizer = Create();
        var input = "Jane.Doe@Example.COM";
        var length = pseudonymizer.Pseudonymize(input).Length;
        for (var i = 0; i < 100; i++)
        {
            _ = pseudonymizer.Pseudonymize(input);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            _ = pseudonymizer.Pseudonymize(input);
        }

        var perCall = (GC.GetAllocatedBytesForCurrentThread() - before) / 1_000.0;

        // A string object: header, method table, length, the characters and a terminator, rounded up to 8 bytes.
        Assert.InRange(perCall, 2 * length, (2 * length) + 32);
    }

    private static void RunBoth(EmailPseudonymizer pseudonymizer, string input, byte[] utf8, char[] chars, byte[] bytes, int count)
    {
        for (var i = 0; i < count; i++)
        {
            Assert.True(pseudonymizer.TryPseudonymize(input.AsSpan(), chars, out _));
            Assert.True(pseudonymizer.TryPseudonymize(utf8, bytes, out _));
        }
    }
}
