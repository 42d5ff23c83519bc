namespace PrivacyGuard.AccessLog;

/// <summary>
/// The tamper-evident access log: every access to personal data becomes an <see cref="AccessEvent"/>, chained by a keyed
/// hash to the one before it, written to the privacy store in batches and copied to the application's logging (Serilog)
/// with a stable schema.
/// </summary>
/// <remarks>
/// Fail closed: when an event cannot be written, <see cref="RecordAsync(AccessEvent, CancellationToken)"/> throws
/// <see cref="AccessLogUnavailableException"/>, and the operation that needed it must not go ahead.
/// </remarks>
public interface IAccessLog
{
    /// <summary>
    /// The keyed token under which <paramref name="subjectId"/> appears in events. An auditor who knows a subject id
    /// computes the same token to find that subject's events; the token alone does not reveal the id. A GUID or integer
    /// id gets one token in any spelling (<c>3F2504E0-…</c> and <c>3f2504e0-…</c>, <c>007</c> and <c>7</c>).
    /// </summary>
    string TokenizeSubject(string subjectId);

    /// <summary>Records <paramref name="accessEvent"/>; completes once it is durably written (concurrent calls share one write).</summary>
    /// <exception cref="AccessLogUnavailableException">The event could not be written.</exception>
    ValueTask RecordAsync(AccessEvent accessEvent, CancellationToken cancellationToken = default);

    /// <summary>Records <paramref name="accessEvents"/> in order, in one write; completes once they are durably written.</summary>
    /// <exception cref="AccessLogUnavailableException">The events could not be written.</exception>
    ValueTask RecordAsync(IReadOnlyList<AccessEvent> accessEvents, CancellationToken cancellationToken = default);
}
