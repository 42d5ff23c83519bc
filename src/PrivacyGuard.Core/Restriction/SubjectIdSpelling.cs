using System.Globalization;

namespace PrivacyGuard.Restriction;

/// <summary>
/// One spelling per subject whose id is a GUID or an integer: applications and databases parse such ids, so
/// <c>3F2504E0-…</c>, <c>{3f2504e0-…}</c> and <c>3f2504e0…</c> (no hyphens) name one person, and so do <c>007</c> and
/// <c>7</c>. The canonical spelling is the GUID's lower-case hyphenated form and the integer's invariant digits, the
/// forms EF Core subject ids are written in; any other id is its own spelling.
/// </summary>
internal static class SubjectIdSpelling
{
    /// <summary>The canonical spelling of <paramref name="subjectId"/>; the id itself when it is no GUID or integer.</summary>
    public static string Canonical(string subjectId) => TryCanonical(subjectId, out var canonical) ? canonical : subjectId;

    /// <summary>The canonical spelling of a GUID or integer id; false for any other id.</summary>
    public static bool TryCanonical(string subjectId, out string canonical)
    {
        canonical = Guid.TryParse(subjectId, out var guid) ? guid.ToString("D", CultureInfo.InvariantCulture)
            : TryParseInteger(subjectId, out var number) ? number.ToString(CultureInfo.InvariantCulture)
            : "";
        return canonical.Length != 0;
    }

    /// <summary>Parses a 64-bit integer id: digits with an optional sign, nothing else.</summary>
    public static bool TryParseInteger(string subjectId, out long number) =>
        long.TryParse(subjectId, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number);
}
