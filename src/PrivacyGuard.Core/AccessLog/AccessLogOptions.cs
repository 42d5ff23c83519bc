namespace PrivacyGuard.AccessLog;

/// <summary>Settings of the access log, bound from <c>PrivacyGuard:AccessLog</c>.</summary>
/// <example>
/// <code>
/// "PrivacyGuard": { "AccessLog": { "OnFailure": "Refuse", "MaxBatchSize": 500 } }
/// </code>
/// </example>
public sealed class AccessLogOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "PrivacyGuard:AccessLog";

    /// <summary>What happens when an event cannot be stored: <see cref="AccessLogFailureMode.Refuse"/> (default) or <see cref="AccessLogFailureMode.LogOnly"/>.</summary>
    public AccessLogFailureMode OnFailure { get; set; } = AccessLogFailureMode.Refuse;

    /// <summary>The most events written in one store transaction (1 to 10,000). Default 500.</summary>
    public int MaxBatchSize { get; set; } = 500;
}
