using Microsoft.Extensions.Logging;

namespace PrivacyGuard.AccessLog;

/// <summary>
/// The access log's copy of each event in the application log: category <c>PrivacyGuard.AccessLog</c>, event id
/// 9100 <c>AccessEvent</c>, one message template with named properties, the stable schema a SIEM reads from Serilog.
/// </summary>
internal static partial class AccessLogMessages
{
    public const string Category = "PrivacyGuard.AccessLog";

    [LoggerMessage(EventId = 9100, EventName = "AccessEvent", Level = LogLevel.Information,
        Message = "Access {Action} {Outcome} on {Resource} subject {SubjectToken} for {Purpose} by {Actor} categories {Categories} from {ClientAddress} count {Count} reason {Reason} chain {Chain} sequence {Sequence} hash {Hash} stored {Stored}")]
    public static partial void AccessEvent(
        ILogger logger, string action, string outcome, string resource, string? subjectToken, string purpose, string actor,
        string categories, string? clientAddress, long count, string? reason, string chain, long sequence, string hash, bool stored);

    [LoggerMessage(EventId = 9101, EventName = "AccessLogUnavailable", Level = LogLevel.Error,
        Message = "The access log could not store {Count} events ({FailureType}); mode {Mode}; a new chain {Chain} starts")]
    public static partial void StoreFailed(ILogger logger, int count, string failureType, AccessLogFailureMode mode, string chain);

    public static void Log(ILogger logger, StoredAccessEvent e, bool stored)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            AccessEvent(logger, e.Action, e.Outcome, e.Resource, e.SubjectToken, e.Purpose, e.Actor, e.Categories, e.ClientAddress, e.Count, e.Reason, e.Chain, e.Sequence, e.Hash, stored);
        }
    }
}
