namespace PrivacyGuard.Rights;

/// <summary>What one <see cref="IDataSubjectRights.EraseAsync"/> call did.</summary>
/// <param name="KeyShredded">True when a subject key existed and was shredded by this call (false when already shredded or never created).</param>
/// <param name="Deleted">Rows deleted by this call.</param>
/// <param name="Anonymized">Rows anonymized by this call (rows found again on a re-run count again).</param>
public sealed record ErasureResult(bool KeyShredded, int Deleted, int Anonymized);
