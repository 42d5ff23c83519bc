using CsCheck;
using PrivacyGuard.Keys;

namespace PrivacyGuard.Tests.Keys;

public class LocalKeyEncryptionKeyProviderTests
{
    private static KeyRing Ring(string current, string[]? retired = null)
    {
        var options = new KeyRingOptions { CurrentKeyId = current };
        options.Keys["ka"] = TestKeys.SecretA;
        options.Keys["kb"] = TestKeys.SecretB;
        foreach (var id in retired ?? [])
        {
            options.RetiredKeyIds.Add(id);
        }

        return KeyRingLoader.Load(options);
    }

    [Fact]
    public void Wrapped_keys_round_trip_for_any_key_material() =>
        Gen.Byte.Array[33].Sample(material =>
        {
            using var ring = Ring("ka");
            using var provider = new LocalKeyEncryptionKeyProvider(ring);
            var wrapped = provider.WrapAsync("ka", "subject-1", material).AsTask().Result;
            var unwrapped = new byte[33];
            Assert.True(provider.TryUnwrapAsync("ka", "subject-1", wrapped, unwrapped).AsTask().Result);
            Assert.Equal(material, unwrapped);
            Assert.DoesNotContain(Convert.ToHexString(material), Convert.ToHexString(wrapped));
        }, iter: 200);

    [Fact]
    public async Task A_wrapped_key_does_not_unwrap_for_another_subject_or_root_key()
    {
        using var ring = Ring("ka");
        using var provider = new LocalKeyEncryptionKeyProvider(ring);
        var wrapped = await provider.WrapAsync("ka", "subject-1", new byte[33], TestContext.Current.CancellationToken);
        var buffer = new byte[33];

        Assert.False(await provider.TryUnwrapAsync("ka", "subject-2", wrapped, buffer, TestContext.Current.CancellationToken));
        Assert.False(await provider.TryUnwrapAsync("kb", "subject-1", wrapped, buffer, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Every_flipped_bit_of_a_wrapped_key_is_detected()
    {
        using var ring = Ring("ka");
        using var provider = new LocalKeyEncryptionKeyProvider(ring);
        var wrapped = await provider.WrapAsync("ka", "subject-1", new byte[33], TestContext.Current.CancellationToken);
        for (var bit = 0; bit < wrapped.Length * 8; bit++)
        {
            var tampered = (byte[])wrapped.Clone();
            tampered[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(await provider.TryUnwrapAsync("ka", "subject-1", tampered, new byte[33], TestContext.Current.CancellationToken));
        }

        for (var length = 0; length < wrapped.Length; length++)
        {
            Assert.False(await provider.TryUnwrapAsync("ka", "subject-1", wrapped.AsMemory(0, length), new byte[33], TestContext.Current.CancellationToken));
        }
    }

    [Fact]
    public async Task Retired_and_unknown_root_keys_are_refused_with_their_own_exception()
    {
        using var ring = Ring("kb", ["ka"]);
        using var provider = new LocalKeyEncryptionKeyProvider(ring);
        var ct = TestContext.Current.CancellationToken;

        var retired = await Assert.ThrowsAsync<RetiredRootKeyException>(() => provider.TryUnwrapAsync("ka", "s", new byte[75], new byte[33], ct).AsTask());
        var unknown = await Assert.ThrowsAsync<UnknownRootKeyException>(() => provider.WrapAsync("kz", "s", new byte[33], ct).AsTask());

        Assert.Contains("'ka' is retired", retired.Message);
        Assert.Contains("'kz' is not in the key ring", unknown.Message);
        Assert.Equal("kb", provider.CurrentKeyId);
        Assert.DoesNotContain(TestKeys.SecretA, provider.ToString());
    }

    [Fact]
    public void A_current_key_cannot_be_retired()
    {
        var options = new KeyRingOptions { CurrentKeyId = "ka" };
        options.Keys["ka"] = TestKeys.SecretA;
        options.RetiredKeyIds.Add("ka");
        var error = Assert.Throws<KeyRingException>(() => KeyRingLoader.Load(options));
        Assert.Contains("PrivacyGuard:KeyRing:RetiredKeyIds", error.Message);
    }
}
