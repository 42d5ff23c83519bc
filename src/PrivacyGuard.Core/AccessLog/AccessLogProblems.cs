namespace PrivacyGuard.AccessLog;

/// <summary>The problems <see cref="IAccessLogReader.VerifyAsync"/> names in <see cref="AccessLogVerification.Problem"/>.</summary>
public static class AccessLogProblems
{
    /// <summary>The event's fields or hash do not match its chain hash: it was edited (or forged without the key).</summary>
    public const string Edited = "edited";

    /// <summary>An event is missing: the sequence jumps over it.</summary>
    public const string Missing = "missing";

    /// <summary>The event belongs elsewhere in the chain: events were swapped or moved.</summary>
    public const string Reordered = "reordered";

    /// <summary>An event that the chain head does not cover, or that links to no predecessor, was added.</summary>
    public const string Inserted = "inserted";

    /// <summary>The chain ends before its recorded head: its last events were deleted.</summary>
    public const string Truncated = "truncated";

    /// <summary>The chain's head record was deleted or edited.</summary>
    public const string HeadTampered = "head-tampered";

    /// <summary>The event or head names a root key that is not in the key ring, so it cannot be checked.</summary>
    public const string UnknownKey = "unknown-key";
}
