using System.Buffers;
using System.Globalization;
using System.Text;

namespace PrivacyGuard.Pseudonymization;

/// <summary>
/// The domain rules of <see cref="EmailCanonicalizer"/>: IDNA conversion of internationalized domains (the slow path)
/// and the host-name check every canonical domain must pass, so an address keeping its domain stays well-formed.
/// </summary>
internal static class EmailDomain
{
    private const int MaxLabelLength = 63;
    private static readonly IdnMapping Idna = new() { UseStd3AsciiRules = true };
    private static readonly SearchValues<char> LabelChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-");
    private static readonly SearchValues<byte> LabelBytes = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-"u8);

    /// <summary>
    /// Converts a domain holding non-ASCII characters with IDNA (UTS #46 mapping, then punycode) into
    /// <paramref name="destination"/> at <paramref name="domainStart"/>; the result must be a host name.
    /// </summary>
    public static EmailProblem ConvertToAscii(ReadOnlySpan<char> domain, Span<char> destination, int domainStart, out int charsWritten)
    {
        charsWritten = 0;
        string ascii;
        try
        {
            // The slow path: IdnMapping in .NET 10 takes strings only, so this allocates (never for ASCII domains).
            ascii = Idna.GetAscii(domain.ToString());
        }
        catch (ArgumentException)
        {
            // IdnMapping's message may quote the domain: report the problem only.
            return EmailProblem.InvalidDomain;
        }

        if (ascii.Length > EmailCanonicalizer.MaxDomainLength)
        {
            return EmailProblem.DomainTooLong;
        }

        var target = destination.Slice(domainStart, ascii.Length);
        ascii.CopyTo(target);
        Ascii.ToLowerInPlace(target, out _);
        charsWritten = domainStart + target.Length;
        return IsHostName(target) ? EmailProblem.None : EmailProblem.InvalidDomain;
    }

    /// <summary>True for dot-separated labels of 1 to 63 of <c>a-z 0-9 -</c>, not starting or ending with '-', 253 characters at most.</summary>
    public static bool IsHostName(ReadOnlySpan<char> domain)
    {
        if (domain.Length > EmailCanonicalizer.MaxDomainLength)
        {
            return false;
        }

        foreach (var label in domain.Split('.'))
        {
            var text = domain[label];
            if (text.IsEmpty || text.Length > MaxLabelLength || text[0] == '-' || text[^1] == '-' || text.ContainsAnyExcept(LabelChars))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The same rule over ASCII bytes (the e-mail fast path).</summary>
    public static bool IsHostName(ReadOnlySpan<byte> domain)
    {
        if (domain.Length > EmailCanonicalizer.MaxDomainLength)
        {
            return false;
        }

        while (true)
        {
            var dot = domain.IndexOf((byte)'.');
            var label = dot < 0 ? domain : domain[..dot];
            if (label.IsEmpty || label.Length > MaxLabelLength || label[0] == '-' || label[^1] == '-' || label.ContainsAnyExcept(LabelBytes))
            {
                return false;
            }

            if (dot < 0)
            {
                return true;
            }

            domain = domain[(dot + 1)..];
        }
    }
}
