namespace PrivacyGuard.AccessLog;

/// <summary>What happens to an operation when its access event cannot be written to the privacy store.</summary>
public enum AccessLogFailureMode
{
    /// <summary>Fail closed (the default): the operation is refused with <see cref="AccessLogUnavailableException"/>.</summary>
    Refuse = 0,

    /// <summary>
    /// Degraded mode: the failure and the event are written to the application log (category
    /// <c>PrivacyGuard.AccessLog</c>) and the operation goes ahead; the stored chain misses those events.
    /// </summary>
    LogOnly,
}
