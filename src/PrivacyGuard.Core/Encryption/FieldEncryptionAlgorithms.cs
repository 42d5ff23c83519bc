using NSec.Cryptography;
using ArmAes = System.Runtime.Intrinsics.Arm.Aes;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;

namespace PrivacyGuard.Encryption;

/// <summary>
/// Which field encryption algorithms this process can use, and which one new data keys should use.
/// </summary>
/// <remarks>
/// NSec exposes no <c>IsSupported</c> for AEGIS-256 (only <see cref="Aes256Gcm.IsSupported"/>): libsodium ships a
/// portable AEGIS implementation, so AEGIS-256 decrypts everywhere NSec loads. It is fast and side-channel resistant
/// only with hardware AES round instructions (x86 AES-NI, Arm AES), so it is <see cref="Preferred"/> only there; elsewhere
/// new keys use XChaCha20-Poly1305, which is constant-time in software. Both use random nonces safely at any volume.
/// </remarks>
public static class FieldEncryptionAlgorithms
{
    private static readonly Lazy<Aegis256?> Aegis = new(LoadAegis256);

    /// <summary>
    /// The algorithm for new data keys: <see cref="FieldEncryptionAlgorithm.Aegis256"/> when it is available and the
    /// processor has AES instructions, otherwise <see cref="FieldEncryptionAlgorithm.XChaCha20Poly1305"/>.
    /// </summary>
    public static FieldEncryptionAlgorithm Preferred { get; } =
        Select(IsSupported(FieldEncryptionAlgorithm.Aegis256), X86Aes.IsSupported || ArmAes.IsSupported);

    /// <summary>Whether this process can encrypt and decrypt with <paramref name="algorithm"/>.</summary>
    public static bool IsSupported(FieldEncryptionAlgorithm algorithm) => algorithm switch
    {
        FieldEncryptionAlgorithm.Aegis256 => Aegis.Value is not null,
        FieldEncryptionAlgorithm.XChaCha20Poly1305 => true,
        _ => false,
    };

    /// <summary>The selection rule behind <see cref="Preferred"/>; tests call it to force the fallback.</summary>
    internal static FieldEncryptionAlgorithm Select(bool aegisAvailable, bool hardwareAes) =>
        aegisAvailable && hardwareAes ? FieldEncryptionAlgorithm.Aegis256 : FieldEncryptionAlgorithm.XChaCha20Poly1305;

    /// <summary>The NSec algorithm object; throws when the algorithm is unknown or not supported here.</summary>
    internal static AeadAlgorithm GetAead(FieldEncryptionAlgorithm algorithm) => algorithm switch
    {
        FieldEncryptionAlgorithm.Aegis256 => Aegis.Value
            ?? throw new PlatformNotSupportedException("AEGIS-256 is not available in this process's libsodium."),
        FieldEncryptionAlgorithm.XChaCha20Poly1305 => AeadAlgorithm.XChaCha20Poly1305,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown field encryption algorithm."),
    };

    private static Aegis256? LoadAegis256()
    {
        try
        {
            return AeadAlgorithm.Aegis256;
        }
        catch (Exception e) when (e is PlatformNotSupportedException or EntryPointNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }
}
