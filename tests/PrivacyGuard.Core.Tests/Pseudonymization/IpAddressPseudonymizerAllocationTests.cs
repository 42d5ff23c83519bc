using PrivacyGuard.Pseudonymization;

namespace PrivacyGuard.Tests.Pseudonymization;

public class IpAddressPseudonymizerAllocationTests
{
    public static readonly TheoryData<IpPseudonymizationMode> Modes =
        [IpPseudonymizationMode.Truncate, IpPseudonymizationMode.PrefixPreserving, IpPseudonymizationMode.Token];

    [Theory]
    [MemberData(nameof(Modes))]
    public void Span_overloads_allocate_nothing(IpPseudonymizationMode mode)
    {
        using var pseudonymizer = IpTestPseudonymizers.Create(mode);
        var chars = new char[pseudonymizer.MaxOutputLength];
        var bytes = new byte[pseudonymizer.MaxOutputLength];
        byte[] ipv4 = [203, 0, 113, 7];
        var ipv6 = Convert.FromHexString("20010db8abcd00120000000000000001");

        RunAll(pseudonymizer, chars, bytes, ipv4, ipv6);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            RunAll(pseudonymizer, chars, bytes, ipv4, ipv6);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void RunAll(IpAddressPseudonymizer pseudonymizer, char[] chars, byte[] bytes, byte[] ipv4, byte[] ipv6)
    {
        Assert.True(pseudonymizer.TryPseudonymize("203.0.113.7:8080".AsSpan(), chars, out _));
        Assert.True(pseudonymizer.TryPseudonymize("[2001:db8:abcd:12::1%eth0]:443".AsSpan(), chars, out _));
        Assert.True(pseudonymizer.TryPseudonymize("::ffff:203.0.113.7"u8, bytes, out _));
        Assert.True(pseudonymizer.TryPseudonymize("2001:db8::1"u8, bytes, out _));
        Assert.True(pseudonymizer.TryPseudonymizeBytes(ipv4, bytes, out _));
        Assert.True(pseudonymizer.TryPseudonymizeBytes(ipv6, bytes, out _));
    }
}
