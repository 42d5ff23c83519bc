using CsCheck;
using PrivacyGuard.Pseudonymization;

namespace PrivacyGuard.Tests.Pseudonymization;

public class Base32LowerTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("f", "my")]
    [InlineData("fo", "mzxq")]
    [InlineData("foo", "mzxw6")]
    [InlineData("foob", "mzxw6yq")]
    [InlineData("fooba", "mzxw6ytb")]
    [InlineData("foobar", "mzxw6ytboi")]
    public void Encoding_matches_the_RFC_4648_test_vectors_in_lower_case_without_padding(string input, string expected)
    {
        var destination = new char[16];
        var written = Base32Lower.Encode(System.Text.Encoding.ASCII.GetBytes(input), destination);
        Assert.Equal(expected, new string(destination, 0, written));
    }

    [Fact]
    public void The_16_byte_token_path_matches_the_general_encoder_and_writes_only_26_characters() =>
        Gen.Byte.Array[16].Sample(bytes =>
        {
            var fast = new char[40];
            Array.Fill(fast, '#');
            var general = new char[26];
            Assert.Equal(26, Base32Lower.Encode16(bytes, fast.AsSpan(7, 26)));
            Assert.Equal(26, Base32Lower.EncodeAny(bytes, general));
            Assert.Equal(new string(general), new string(fast, 7, 26));
            Assert.All(fast[..7].Concat(fast[33..]), c => Assert.Equal('#', c));
        }, iter: 10_000);

    [Fact]
    public void The_16_byte_token_path_as_UTF8_matches_the_general_encoder_and_writes_only_26_bytes() =>
        Gen.Byte.Array[16].Sample(bytes =>
        {
            var fast = new byte[40];
            Array.Fill(fast, (byte)'#');
            var general = new char[26];
            Assert.Equal(26, Base32Lower.Encode16(bytes, fast.AsSpan(7, 26)));
            Assert.Equal(26, Base32Lower.EncodeAny(bytes, general));
            Assert.Equal(new string(general), System.Text.Encoding.ASCII.GetString(fast, 7, 26));
            Assert.All(fast[..7].Concat(fast[33..]), b => Assert.Equal((byte)'#', b));
        }, iter: 10_000);
}
