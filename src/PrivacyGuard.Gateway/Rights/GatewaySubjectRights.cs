using PrivacyGuard.Encryption;
using PrivacyGuard.Keys;
using PrivacyGuard.Restriction;
using PrivacyGuard.Rights;

namespace PrivacyGuard.Gateway.Rights;

/// <summary>
/// The subject rights the gateway itself can honour for its admin API. The gateway keeps no application records, so
/// restriction and objection go to the privacy store's registry (and take effect at the edge at once), erasure shreds
/// the subject's keys, an export lists the restriction state with no records, and rectification finds nothing to change.
/// </summary>
internal sealed class GatewaySubjectRights(IRestrictionRegistry restrictions, SubjectKeyService keys, IDataKeyStore keyStore) : IDataSubjectRights
{
    public async Task<SubjectExport> ExportAsync(string subjectId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(subjectId);
        return new SubjectExport
        {
            Subject = subjectId,
            ExportedAt = DateTimeOffset.UtcNow,
            Erased = await keyStore.WasShreddedAsync(subjectId, cancellationToken).ConfigureAwait(false),
            Restricted = restrictions.IsRestricted(subjectId),
            Objections = [.. ProcessingPurpose.WellKnown.Where(p => restrictions.HasObjected(subjectId, p)).Select(p => p.Name)],
        };
    }

    public Task<int> RectifyAsync(string subjectId, string entity, string propertyName, string? newValue, CancellationToken cancellationToken = default) =>
        throw new ArgumentException("The gateway stores no entities; rectify the subject's data in the services behind it.", nameof(entity));

    public Task RestrictAsync(string subjectId, RestrictionReason reason, CancellationToken cancellationToken = default) =>
        restrictions.RestrictAsync(subjectId, reason, cancellationToken);

    public Task LiftRestrictionAsync(string subjectId, CancellationToken cancellationToken = default) =>
        restrictions.LiftRestrictionAsync(subjectId, cancellationToken);

    public Task ObjectAsync(string subjectId, ProcessingPurpose purpose, CancellationToken cancellationToken = default) =>
        restrictions.ObjectAsync(subjectId, purpose, cancellationToken);

    public Task WithdrawObjectionAsync(string subjectId, ProcessingPurpose purpose, CancellationToken cancellationToken = default) =>
        restrictions.WithdrawObjectionAsync(subjectId, purpose, cancellationToken);

    public async Task<ErasureResult> EraseAsync(string subjectId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(subjectId);
        return new ErasureResult(await keys.ShredAsync(subjectId, cancellationToken).ConfigureAwait(false), 0, 0);
    }
}
