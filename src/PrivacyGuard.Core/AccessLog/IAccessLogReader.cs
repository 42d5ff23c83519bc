namespace PrivacyGuard.AccessLog;

/// <summary>Reads and verifies the access log (for the admin API and security reviews).</summary>
public interface IAccessLogReader
{
    /// <summary>The recorded events matching <paramref name="query"/>, oldest first.</summary>
    IAsyncEnumerable<RecordedAccessEvent> QueryAsync(AccessLogQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Recomputes the hash chain over every recorded event and the recorded chain heads: an edited, deleted, inserted,
    /// reordered or truncated event makes the result invalid and names the first bad event.
    /// </summary>
    Task<AccessLogVerification> VerifyAsync(CancellationToken cancellationToken = default);
}
