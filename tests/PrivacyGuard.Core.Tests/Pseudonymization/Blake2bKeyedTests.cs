using CsCheck;
using NSec.Cryptography;
using PrivacyGuard.Pseudonymization;

namespace PrivacyGuard.Tests.Pseudonymization;

/// <summary>The precomputed-key BLAKE2b gives exactly libsodium's keyed BLAKE2b (through NSec) and Python's hashlib.</summary>
public class Blake2bKeyedTests
{
    private static readonly Blake2bMac Libsodium = new(32, 16);

    private static byte[] Libsodium16(byte[] key, byte[] data)
    {
        var parameters = new KeyCreationParameters { ExportPolicy = KeyExportPolicies.None };
        using var nsecKey = Key.Import(Libsodium, key, KeyBlobFormat.RawSymmetricKey, in parameters);
        return Libsodium.Mac(nsecKey, data);
    }

    [Fact]
    public void It_matches_libsodium_for_random_keys_and_messages_of_every_block_shape() =>
        Gen.Select(Gen.Byte.Array[32], Gen.OneOf(Gen.Byte.Array[0, 300], Gen.Int[0, 2].SelectMany(k => Gen.Byte.Array[(k * 128) + 127, (k * 128) + 129])))
            .Sample((key, data) =>
            {
                using var hash = new Blake2bKeyed(key);
                var actual = new byte[16];
                hash.Compute(data, actual);
                Assert.Equal(Libsodium16(key, data), actual);
            }, iter: 10_000);

    [Theory]
    // python3 -c "import hashlib; print(hashlib.blake2b(b'jane.doe@example.com', key=bytes(range(32)), digest_size=16).hexdigest())"
    [InlineData("jane.doe@example.com", "f3dd27bc1a08257481998fa5b4b51c6e")]
    // python3 -c "import hashlib; print(hashlib.blake2b(b'', key=bytes(range(32)), digest_size=16).hexdigest())"
    [InlineData("", "3daf97bce7888fd59773c66bf647459c")]
    public void It_matches_Pythons_hashlib(string message, string expectedHex)
    {
        using var hash = new Blake2bKeyed(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
        var actual = new byte[16];
        hash.Compute(System.Text.Encoding.ASCII.GetBytes(message), actual);
        Assert.Equal(expectedHex, Convert.ToHexString(actual).ToLowerInvariant());
    }

    [Fact]
    public void Computing_allocates_nothing()
    {
        using var hash = new Blake2bKeyed(new byte[32]);
        var data = new byte[200];
        var output = new byte[16];
        hash.Compute(data, output);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            hash.Compute(data, output);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
