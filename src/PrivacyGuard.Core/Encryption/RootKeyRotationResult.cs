namespace PrivacyGuard.Encryption;

/// <summary>Progress and outcome of a root-key rotation: keys re-wrapped, and keys skipped because they changed meanwhile.</summary>
/// <param name="Rewrapped">Data keys now wrapped by the current root key.</param>
/// <param name="Skipped">Data keys shredded or re-wrapped by someone else while the rotation ran.</param>
public readonly record struct RootKeyRotationResult(long Rewrapped = 0, long Skipped = 0);
