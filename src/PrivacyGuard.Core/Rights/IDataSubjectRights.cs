using PrivacyGuard.Restriction;

namespace PrivacyGuard.Rights;

/// <summary>
/// The data-subject rights of the GDPR over every registered store of personal data: access and portability
/// (<see cref="ExportAsync"/>), rectification, restriction, objection and erasure. Exporting, rectifying and erasing
/// are legal obligations: they work for restricted subjects too.
/// </summary>
public interface IDataSubjectRights
{
    /// <summary>
    /// All personal data of <paramref name="subjectId"/> across every registered store, decrypted, in the documented
    /// <c>privacyguard-export/1</c> format (see <see cref="SubjectExport"/>).
    /// </summary>
    Task<SubjectExport> ExportAsync(string subjectId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets personal-data property <paramref name="propertyName"/> of every <paramref name="entity"/> (CLR type name) of
    /// <paramref name="subjectId"/> to <paramref name="newValue"/>, protected as any save is. Returns the number of rows
    /// changed.
    /// </summary>
    /// <exception cref="ArgumentException">No registered entity type or personal-data string property has that name.</exception>
    /// <exception cref="InvalidOperationException">The subject was erased.</exception>
    Task<int> RectifyAsync(string subjectId, string entity, string propertyName, string? newValue, CancellationToken cancellationToken = default);

    /// <summary>Restricts processing of <paramref name="subjectId"/>'s data (Art. 18); see <see cref="IRestrictionRegistry.RestrictAsync"/>.</summary>
    Task RestrictAsync(string subjectId, RestrictionReason reason, CancellationToken cancellationToken = default);

    /// <summary>Lifts a restriction; see <see cref="IRestrictionRegistry.LiftRestrictionAsync"/>.</summary>
    Task LiftRestrictionAsync(string subjectId, CancellationToken cancellationToken = default);

    /// <summary>Records an objection to <paramref name="purpose"/> (Art. 21); see <see cref="IRestrictionRegistry.ObjectAsync"/>.</summary>
    Task ObjectAsync(string subjectId, ProcessingPurpose purpose, CancellationToken cancellationToken = default);

    /// <summary>Withdraws an objection; see <see cref="IRestrictionRegistry.WithdrawObjectionAsync"/>.</summary>
    Task WithdrawObjectionAsync(string subjectId, ProcessingPurpose purpose, CancellationToken cancellationToken = default);

    /// <summary>
    /// Erases <paramref name="subjectId"/> (Art. 17): first crypto-shreds the subject key (which leaves a tombstone, so
    /// values restored from an old backup stay unreadable), then deletes or anonymizes the subject's rows per entity
    /// (<see cref="OnErasureAttribute"/>). Idempotent, and safe to run again after a failure at any step.
    /// </summary>
    Task<ErasureResult> EraseAsync(string subjectId, CancellationToken cancellationToken = default);
}
