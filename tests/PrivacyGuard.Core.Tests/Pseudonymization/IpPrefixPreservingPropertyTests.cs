using System.Buffers.Binary;
using System.Numerics;
using CsCheck;
using PrivacyGuard.Pseudonymization;

namespace PrivacyGuard.Tests.Pseudonymization;

public class IpPrefixPreservingPropertyTests
{
    [Fact]
    public void Ipv4_inputs_sharing_exactly_k_bits_give_outputs_sharing_exactly_k_bits()
    {
        using var pseudonymizer = IpTestPseudonymizers.Create(IpPseudonymizationMode.PrefixPreserving);
        Gen.Select(Gen.UInt, Gen.Int[0, 31], Gen.UInt).Sample((a, k, noise) =>
        {
            var lowMask = k == 31 ? 0u : uint.MaxValue >> (k + 1);
            var b = ((a ^ (0x8000_0000u >> k)) & ~lowMask) | (noise & lowMask);
            var shared = BitOperations.LeadingZeroCount(Map(pseudonymizer, a) ^ Map(pseudonymizer, b));
            Assert.Equal(k, shared);
        }, iter: 10_000);
    }

    [Fact]
    public void Ipv6_inputs_sharing_exactly_k_bits_give_outputs_sharing_exactly_k_bits()
    {
        using var pseudonymizer = IpTestPseudonymizers.Create(IpPseudonymizationMode.PrefixPreserving);
        Gen.Select(Gen.Byte.Array[16], Gen.Int[0, 127], Gen.Byte.Array[16]).Sample((a, k, noise) =>
        {
            a[0] |= 0x20; // keep clear of ::ffff:0:0/96, which is IPv4
            var b = (byte[])a.Clone();
            b[k >> 3] ^= (byte)(0x80 >> (k & 7));
            for (var bit = k + 1; bit < 128; bit++)
            {
                var m = (byte)(0x80 >> (bit & 7));
                b[bit >> 3] = (byte)((b[bit >> 3] & ~m) | (noise[bit >> 3] & m));
            }

            Assert.Equal(k, SharedBits(Map16(pseudonymizer, a), Map16(pseudonymizer, b)));
        }, iter: 2_000);
    }

    [Fact]
    public void Distinct_ipv4_addresses_of_a_whole_slash_16_map_to_distinct_addresses()
    {
        using var pseudonymizer = IpTestPseudonymizers.Create(IpPseudonymizationMode.PrefixPreserving);
        var outputs = new HashSet<uint>();
        for (var low = 0u; low <= 0xffff; low++)
        {
            Assert.True(outputs.Add(Map(pseudonymizer, 0xC633_0000u | low)));
        }
    }

    [Fact]
    public void Distinct_random_addresses_map_to_distinct_addresses()
    {
        using var pseudonymizer = IpTestPseudonymizers.Create(IpPseudonymizationMode.PrefixPreserving);
        Gen.Select(Gen.UInt, Gen.UInt).Sample((a, b) =>
        {
            if (a != b)
            {
                Assert.NotEqual(Map(pseudonymizer, a), Map(pseudonymizer, b));
            }
        }, iter: 10_000);
    }

    [Fact]
    public void Both_aes_paths_give_identical_results_on_random_addresses()
    {
        using var fast = IpTestPseudonymizers.Create(IpPseudonymizationMode.PrefixPreserving);
        using var portable = IpTestPseudonymizers.Create(IpPseudonymizationMode.PrefixPreserving, portableAes: true);
        Gen.UInt.Sample(a => Assert.Equal(Map(portable, a), Map(fast, a)), iter: 10_000);
        Gen.Byte.Array[16].Sample(a => Assert.Equal(Map16(portable, a), Map16(fast, a)), iter: 1_000);
    }

    [Fact]
    public void Different_keys_give_different_outputs()
    {
        using var a = IpTestPseudonymizers.Create(IpPseudonymizationMode.PrefixPreserving, prefixPreservingKey: IpTestPseudonymizers.Key(101));
        using var b = IpTestPseudonymizers.Create(IpPseudonymizationMode.PrefixPreserving, prefixPreservingKey: IpTestPseudonymizers.Key(102));
        Gen.Byte.Array[16].Sample(address => Assert.NotEqual(Map16(a, address), Map16(b, address)), iter: 1_000);
        var equal = 0;
        Gen.UInt.Sample(address => equal += Map(a, address) == Map(b, address) ? 1 : 0, iter: 10_000);
        Assert.True(equal <= 1, $"{equal} of 10000 IPv4 addresses mapped alike under two keys.");
    }

    private static uint Map(IpAddressPseudonymizer pseudonymizer, uint address)
    {
        Span<byte> input = stackalloc byte[4];
        Span<byte> output = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(input, address);
        Assert.True(pseudonymizer.TryPseudonymizeBytes(input, output, out var written));
        Assert.Equal(4, written);
        return BinaryPrimitives.ReadUInt32BigEndian(output);
    }

    private static byte[] Map16(IpAddressPseudonymizer pseudonymizer, byte[] address)
    {
        var output = new byte[16];
        Assert.True(pseudonymizer.TryPseudonymizeBytes(address, output, out var written));
        Assert.Equal(16, written);
        return output;
    }

    private static int SharedBits(byte[] a, byte[] b)
    {
        var x = BinaryPrimitives.ReadUInt128BigEndian(a) ^ BinaryPrimitives.ReadUInt128BigEndian(b);
        return (int)UInt128.LeadingZeroCount(x);
    }
}
