namespace PrivacyGuard.AccessLog;

/// <summary>The result of <see cref="IAccessLogReader.VerifyAsync"/>.</summary>
/// <param name="IsValid">Whether every chain is intact up to its recorded head.</param>
/// <param name="EventsChecked">How many events were checked.</param>
/// <param name="FirstBadChain">The chain of the first bad event, when invalid.</param>
/// <param name="FirstBadSequence">The sequence number of the first bad event (or of the missing one), when invalid.</param>
/// <param name="Problem">What is wrong there (edited, missing, reordered, truncated), when invalid.</param>
public sealed record AccessLogVerification(bool IsValid, long EventsChecked, string? FirstBadChain, long? FirstBadSequence, string? Problem);
