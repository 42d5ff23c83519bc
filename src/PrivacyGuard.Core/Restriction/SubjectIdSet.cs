using System.Collections.Frozen;

namespace PrivacyGuard.Restriction;

/// <summary>
/// A frozen set of subject ids that also matches other spellings of the same GUID or integer (<see cref="SubjectIdSpelling"/>): a subject restricted as
/// <c>3F2504E0-4F89-11D3-9A0C-0305E82C3301</c> is found as <c>3f2504e0-…</c> or <c>{3f2504e0-…}</c>, one restricted as
/// <c>007</c> as <c>7</c>. Applications and databases parse such ids, so any spelling names the same person; matching
/// only the exact text would let a different spelling through. Ids of no such shape match exactly (ordinal).
/// </summary>
internal sealed class SubjectIdSet
{
    private readonly FrozenSet<Guid> _guids;
    private readonly FrozenSet<long> _numbers;

    private SubjectIdSet(FrozenSet<string> ids)
    {
        Ids = ids;
        _guids = ids.Select(id => Guid.TryParse(id, out var guid) ? guid : (Guid?)null).OfType<Guid>().ToFrozenSet();
        _numbers = ids.Select(id => SubjectIdSpelling.TryParseInteger(id, out var number) ? number : (long?)null).OfType<long>().ToFrozenSet();
    }

    public static SubjectIdSet Empty { get; } = new(FrozenSet<string>.Empty);

    /// <summary>The ids as they were given.</summary>
    public FrozenSet<string> Ids { get; }

    public int Count => Ids.Count;

    public static SubjectIdSet Of(IEnumerable<string> ids) => new(ids.ToFrozenSet(StringComparer.Ordinal));

    /// <summary>The ids in the set that <see cref="Contains"/> matches <paramref name="subjectId"/> to, as they were given.</summary>
    public IReadOnlyList<string> SpellingsOf(string subjectId)
    {
        if (Ids.Count == 0)
        {
            return [];
        }

        var byValue = SubjectIdSpelling.TryCanonical(subjectId, out var canonical);
        return [.. Ids.Where(id => string.Equals(id, subjectId, StringComparison.Ordinal)
            || (byValue && SubjectIdSpelling.TryCanonical(id, out var other) && string.Equals(other, canonical, StringComparison.Ordinal)))];
    }

    /// <summary>True when <paramref name="subjectId"/>, or another spelling of its GUID or integer value, is in the set.</summary>
    public bool Contains(string subjectId) =>
        Ids.Contains(subjectId)
        || (_guids.Count != 0 && Guid.TryParse(subjectId, out var guid) && _guids.Contains(guid))
        || (_numbers.Count != 0 && SubjectIdSpelling.TryParseInteger(subjectId, out var number) && _numbers.Contains(number));
}
