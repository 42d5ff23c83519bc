namespace PrivacyGuard.Restriction;

/// <summary>
/// The restrictions (Art. 18 GDPR) and objections (Art. 21) of data subjects. Reads are answered from an in-memory
/// snapshot in O(1) without locks and are safe on any thread; writes go to the shared privacy store and return only
/// once this instance enforces them. Other instances sharing the store enforce them within about a second.
/// </summary>
/// <remarks>
/// Rules: a restricted subject is blocked for every purpose except <see cref="ProcessingPurpose.LegalObligation"/>; an
/// objection blocks only the purpose it names.
/// </remarks>
public interface IRestrictionRegistry
{
    /// <summary>Whether <paramref name="subjectId"/> is under restriction of processing.</summary>
    bool IsRestricted(string subjectId);

    /// <summary>Whether <paramref name="subjectId"/> objected to processing for <paramref name="purpose"/>.</summary>
    bool HasObjected(string subjectId, ProcessingPurpose purpose);

    /// <summary>Whether <paramref name="subjectId"/>'s data may be processed for <paramref name="purpose"/>.</summary>
    ProcessingDecision Check(string subjectId, ProcessingPurpose purpose);

    /// <summary>
    /// The subject ids whose data must be left out when processing for <paramref name="purpose"/>: the restricted
    /// subjects (unless the purpose is <see cref="ProcessingPurpose.LegalObligation"/>) and those who objected to it.
    /// The set is immutable; it is the snapshot current when called.
    /// </summary>
    IReadOnlySet<string> BlockedFor(ProcessingPurpose purpose);

    /// <summary>Restricts processing of <paramref name="subjectId"/>'s data; returns once this instance enforces it.</summary>
    Task RestrictAsync(string subjectId, RestrictionReason reason, CancellationToken cancellationToken = default);

    /// <summary>Lifts a restriction (doing nothing when there is none); returns once this instance enforces it.</summary>
    Task LiftRestrictionAsync(string subjectId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records <paramref name="subjectId"/>'s objection to <paramref name="purpose"/>; returns once this instance enforces
    /// it. An objection to <see cref="ProcessingPurpose.LegalObligation"/> is refused: Art. 21 does not apply to it.
    /// </summary>
    Task ObjectAsync(string subjectId, ProcessingPurpose purpose, CancellationToken cancellationToken = default);

    /// <summary>Withdraws an objection (doing nothing when there is none); returns once this instance enforces it.</summary>
    Task WithdrawObjectionAsync(string subjectId, ProcessingPurpose purpose, CancellationToken cancellationToken = default);
}
