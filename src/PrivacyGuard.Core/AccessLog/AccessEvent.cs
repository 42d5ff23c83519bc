namespace PrivacyGuard.AccessLog;

/// <summary>
/// One access to personal data, as the access log records it: what was done, to whose data (as a keyed token, never the
/// raw subject id), which categories, for which purpose, by whom, from where (pseudonymized), and how it ended.
/// </summary>
/// <remarks>
/// No field may hold raw personal data: <see cref="SubjectToken"/> comes from <see cref="IAccessLog.TokenizeSubject"/>,
/// <see cref="ClientAddress"/> is the pseudonymized address, <see cref="Actor"/> is a service or credential name or a
/// token, and <see cref="Reason"/> is a short code (for example <c>processing-restricted</c>), never free text taken
/// from input.
/// </remarks>
public sealed record AccessEvent
{
    /// <summary>What was done.</summary>
    public required AccessAction Action { get; init; }

    /// <summary>How it ended.</summary>
    public required AccessOutcome Outcome { get; init; }

    /// <summary>Where: an entity type name, a route pattern, or an admin operation.</summary>
    public required string Resource { get; init; }

    /// <summary>The subject's keyed token (<see cref="IAccessLog.TokenizeSubject"/>), or null when the access concerns no single subject.</summary>
    public string? SubjectToken { get; init; }

    /// <summary>The purpose the processing served.</summary>
    public ProcessingPurpose Purpose { get; init; }

    /// <summary>Who: a service or credential name, or a token; never a raw personal identifier.</summary>
    public string Actor { get; init; } = "system";

    /// <summary>The categories of personal data touched.</summary>
    public IReadOnlyList<PersonalDataCategory> Categories { get; init; } = [];

    /// <summary>The client's pseudonymized address, when the access came over the network.</summary>
    public string? ClientAddress { get; init; }

    /// <summary>How many rows or items the access covered.</summary>
    public int Count { get; init; } = 1;

    /// <summary>A short reason code for a denial or failure (for example <c>processing-restricted</c>), or null.</summary>
    public string? Reason { get; init; }

    /// <summary>When it happened; the log fills in its clock when null.</summary>
    public DateTimeOffset? OccurredAt { get; init; }
}
