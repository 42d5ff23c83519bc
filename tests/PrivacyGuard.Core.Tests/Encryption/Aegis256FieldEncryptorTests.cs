using PrivacyGuard.Encryption;

namespace PrivacyGuard.Tests.Encryption;

public sealed class Aegis256FieldEncryptorTests() : FieldEncryptorTamperingTests(FieldEncryptionAlgorithm.Aegis256);
