using System.Runtime.CompilerServices;

namespace PrivacyGuard.AccessLog;

/// <summary>Queries the store and verifies the chains (<see cref="AccessLogVerifier"/>).</summary>
internal sealed class AccessLogReader(IAccessLogStore store, AccessLogKeys keys) : IAccessLogReader
{
    private readonly AccessLogVerifier _verifier = new(store, keys);

    public async IAsyncEnumerable<RecordedAccessEvent> QueryAsync(AccessLogQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit is < 1 or > 10_000)
        {
            throw new ArgumentOutOfRangeException(nameof(query), "AccessLogQuery.Limit must be between 1 and 10000.");
        }

        await foreach (var stored in store.QueryAsync(query, cancellationToken).ConfigureAwait(false))
        {
            yield return ToRecorded(stored);
        }
    }

    public Task<AccessLogVerification> VerifyAsync(CancellationToken cancellationToken = default) => _verifier.VerifyAsync(cancellationToken);

    /// <summary>The typed view of a stored event; an unparseable field (a tampered row) reads as a default value.</summary>
    internal static RecordedAccessEvent ToRecorded(StoredAccessEvent s)
    {
        _ = AccessLogNames.TryParseAction(s.Action, out var action);
        _ = AccessLogNames.TryParseOutcome(s.Outcome, out var outcome);
        _ = ProcessingPurpose.TryCreate(s.Purpose, out var purpose);
        var categories = new List<PersonalDataCategory>();
        foreach (var name in s.Categories.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (Enum.TryParse<PersonalDataCategory>(name, ignoreCase: false, out var category))
            {
                categories.Add(category);
            }
        }

        var accessEvent = new AccessEvent
        {
            Action = action,
            Outcome = outcome,
            Resource = s.Resource,
            SubjectToken = s.SubjectToken,
            Purpose = purpose,
            Actor = s.Actor,
            Categories = categories,
            ClientAddress = s.ClientAddress,
            Count = (int)Math.Clamp(s.Count, int.MinValue, int.MaxValue),
            Reason = s.Reason,
            OccurredAt = s.OccurredAt,
        };
        return new RecordedAccessEvent(s.Chain, s.Sequence, s.OccurredAt, accessEvent, s.PreviousHash, s.Hash) { KeyId = s.KeyId };
    }
}
