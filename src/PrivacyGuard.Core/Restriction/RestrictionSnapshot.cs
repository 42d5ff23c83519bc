using System.Collections.Concurrent;
using System.Collections.Frozen;

namespace PrivacyGuard.Restriction;

/// <summary>
/// An immutable view of every restriction and objection, answering in O(1). A registry swaps a whole new snapshot in
/// atomically on each change, so readers never lock and never see a half-applied change. A subject id that is a GUID
/// or an integer matches in any spelling of its value (case, braces, leading zeros), so a request cannot get past a
/// restriction by writing the same id differently.
/// </summary>
public sealed class RestrictionSnapshot
{
    private readonly SubjectIdSet _restricted;
    private readonly FrozenDictionary<ProcessingPurpose, SubjectIdSet> _objectors;
    private readonly ConcurrentDictionary<ProcessingPurpose, FrozenSet<string>> _blocked = new();

    private RestrictionSnapshot(SubjectIdSet restricted, FrozenDictionary<ProcessingPurpose, SubjectIdSet> objectors)
    {
        _restricted = restricted;
        _objectors = objectors;
    }

    /// <summary>The snapshot with no restriction and no objection.</summary>
    public static RestrictionSnapshot Empty { get; } = Create([], []);

    /// <summary>The number of restricted subjects.</summary>
    public int RestrictedCount => _restricted.Count;

    /// <summary>Builds a snapshot from the restricted subject ids and the (subject id, purpose) objections.</summary>
    public static RestrictionSnapshot Create(IEnumerable<string> restricted, IEnumerable<(string SubjectId, ProcessingPurpose Purpose)> objections)
    {
        ArgumentNullException.ThrowIfNull(restricted);
        ArgumentNullException.ThrowIfNull(objections);
        var objectors = objections
            .GroupBy(o => o.Purpose)
            .ToFrozenDictionary(g => g.Key, g => SubjectIdSet.Of(g.Select(o => o.SubjectId)));
        return new RestrictionSnapshot(SubjectIdSet.Of(restricted), objectors);
    }

    /// <inheritdoc cref="IRestrictionRegistry.IsRestricted"/>
    public bool IsRestricted(string subjectId) => _restricted.Contains(subjectId);

    /// <inheritdoc cref="IRestrictionRegistry.HasObjected"/>
    public bool HasObjected(string subjectId, ProcessingPurpose purpose) =>
        _objectors.TryGetValue(purpose, out var subjects) && subjects.Contains(subjectId);

    /// <summary>
    /// The restricted ids that <paramref name="subjectId"/> matches, as they were stored: itself and other spellings of
    /// its GUID or integer value. Lifting a restriction removes them all.
    /// </summary>
    public IReadOnlyList<string> RestrictedSpellingsOf(string subjectId) => _restricted.SpellingsOf(subjectId);

    /// <summary>The ids of objections to <paramref name="purpose"/> that <paramref name="subjectId"/> matches, as they were stored.</summary>
    public IReadOnlyList<string> ObjectionSpellingsOf(string subjectId, ProcessingPurpose purpose) =>
        _objectors.TryGetValue(purpose, out var subjects) ? subjects.SpellingsOf(subjectId) : [];

    /// <inheritdoc cref="IRestrictionRegistry.Check"/>
    public ProcessingDecision Check(string subjectId, ProcessingPurpose purpose)
    {
        if (purpose != ProcessingPurpose.LegalObligation && _restricted.Contains(subjectId))
        {
            return ProcessingDecision.Restricted;
        }

        return HasObjected(subjectId, purpose) ? ProcessingDecision.Objected : ProcessingDecision.Allowed;
    }

    /// <inheritdoc cref="IRestrictionRegistry.BlockedFor"/>
    public IReadOnlySet<string> BlockedFor(ProcessingPurpose purpose) =>
        _blocked.TryGetValue(purpose, out var blocked) ? blocked : _blocked.GetOrAdd(purpose, ComputeBlocked(purpose));

    private FrozenSet<string> ComputeBlocked(ProcessingPurpose purpose)
    {
        var restricted = purpose == ProcessingPurpose.LegalObligation ? FrozenSet<string>.Empty : _restricted.Ids;
        if (!_objectors.TryGetValue(purpose, out var objectors) || objectors.Count == 0)
        {
            return restricted;
        }

        return restricted.Count == 0 ? objectors.Ids : restricted.Union(objectors.Ids).ToFrozenSet(StringComparer.Ordinal);
    }
}
