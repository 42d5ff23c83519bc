namespace PrivacyGuard.AccessLog;

/// <summary>A filter over the access log; every criterion left null matches everything.</summary>
public sealed record AccessLogQuery
{
    /// <summary>Only events of this subject token (<see cref="IAccessLog.TokenizeSubject"/>).</summary>
    public string? SubjectToken { get; init; }

    /// <summary>Only events at or after this time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Only events before this time.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Only events with this outcome.</summary>
    public AccessOutcome? Outcome { get; init; }

    /// <summary>At most this many events (1 to 10,000).</summary>
    public int Limit { get; init; } = 100;
}
