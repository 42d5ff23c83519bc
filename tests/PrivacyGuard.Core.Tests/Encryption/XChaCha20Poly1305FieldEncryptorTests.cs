using PrivacyGuard.Encryption;

namespace PrivacyGuard.Tests.Encryption;

public sealed class XChaCha20Poly1305FieldEncryptorTests() : FieldEncryptorTamperingTests(FieldEncryptionAlgorithm.XChaCha20Poly1305);
