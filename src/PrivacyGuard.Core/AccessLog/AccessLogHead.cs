namespace PrivacyGuard.AccessLog;

/// <summary>
/// The recorded end of one chain, updated in the same transaction as the events it covers, so that deleting the last
/// events (truncation) is detected. <see cref="Mac"/> authenticates the head with the chain key: someone with database
/// access but no key cannot move it back.
/// </summary>
/// <param name="Chain">The chain.</param>
/// <param name="KeyId">The root key id of the chain key that computed <paramref name="Mac"/>.</param>
/// <param name="LastSequence">The sequence number of the chain's last event.</param>
/// <param name="LastHash">The hash of the chain's last event (lowercase hex).</param>
/// <param name="Mac">The keyed hash of the head (lowercase hex).</param>
public sealed record AccessLogHead(string Chain, string KeyId, long LastSequence, string LastHash, string Mac);
