using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;

namespace PrivacyGuard.Pseudonymization;

/// <summary>
/// The one canonical form of an e-mail address that tokens are computed from, so that spellings of the same mailbox
/// get the same token. In order:
/// <list type="number">
/// <item>Surrounding whitespace (<see cref="char.IsWhiteSpace(char)"/>) is trimmed; what remains must be 1 to 254 characters.</item>
/// <item>It must contain exactly one <c>@</c>, with a non-empty local part before it and a non-empty domain after it.</item>
/// <item>It must be well-formed UTF-16 (no unpaired surrogate) and contain no control character (Unicode category Cc).</item>
/// <item>The local part is lower-cased (ASCII letters by a branch, other characters by invariant simple case mapping) when
/// <c>foldLocalPartCase</c> is set, and loses its <c>+tag</c> (from the first <c>+</c> that is not its first character)
/// when <c>removePlusTag</c> is set. It is otherwise kept as is: no Unicode normalization, no dot removal.</item>
/// <item>An ASCII domain is lower-cased. A domain with non-ASCII characters is converted by IDNA
/// (<see cref="System.Globalization.IdnMapping"/>, UTS #46 mapping then punycode: <c>bücher.example</c> → <c>xn--bcher-kva.example</c>).</item>
/// <item>The ASCII domain must be a host name: at most 253 characters of dot-separated labels, each 1 to 63 of
/// <c>a-z 0-9 -</c> not starting or ending with <c>-</c>. Address literals (<c>[192.0.2.1]</c>) are not accepted.
/// This keeps <see cref="EmailTokenFormat.TokenAtOriginalDomain"/> output a well-formed address.</item>
/// </list>
/// The local part's RFC 5322 syntax (dot-atom or quoted string, 64-octet limit) is deliberately not checked: it never
/// appears in any output, and refusing unusual but deliverable addresses would only push callers to the raw-value option.
/// Lengths count UTF-16 code units. The UTF-8 overload trims Unicode whitespace the same way and rejects invalid UTF-8.
/// ASCII input takes a single pass over the characters and allocates nothing; only a non-ASCII domain takes the IDNA path.
/// </summary>
[SkipLocalsInit]
internal static class EmailCanonicalizer
{
    /// <summary>Maximum length of an address after trimming (RFC 5321 path limit less the angle brackets).</summary>
    public const int MaxAddressLength = 254;

    /// <summary>Maximum length of the ASCII domain.</summary>
    public const int MaxDomainLength = 253;

    /// <summary>Capacity a destination needs: a local part of up to 252 characters, '@', a domain of up to 253.</summary>
    public const int MaxCanonicalLength = MaxAddressLength - 2 + 1 + MaxDomainLength;

    /// <summary>Canonicalizes UTF-8 input: invalid UTF-8 is an invalid address; otherwise as the UTF-16 overload.</summary>
    public static EmailProblem Canonicalize(
        ReadOnlySpan<byte> utf8, bool foldLocalPartCase, bool removePlusTag, Span<char> destination, out int charsWritten, out int domainStart)
    {
        charsWritten = domainStart = 0;
        while (Rune.DecodeFromUtf8(utf8, out var rune, out var length) == OperationStatus.Done && Rune.IsWhiteSpace(rune))
        {
            utf8 = utf8[length..];
        }

        while (Rune.DecodeLastFromUtf8(utf8, out var rune, out var length) == OperationStatus.Done && Rune.IsWhiteSpace(rune))
        {
            utf8 = utf8[..^length];
        }

        Span<char> chars = stackalloc char[MaxAddressLength];
        return Utf8.ToUtf16(utf8, chars, out _, out var count, replaceInvalidSequences: false) switch
        {
            OperationStatus.Done => Canonicalize(chars[..count], foldLocalPartCase, removePlusTag, destination, out charsWritten, out domainStart),
            OperationStatus.DestinationTooSmall => EmailProblem.TooLong,
            _ => EmailProblem.InvalidUtf8,
        };
    }

    /// <summary>
    /// Writes the canonical form of <paramref name="email"/> to <paramref name="destination"/> (at least
    /// <see cref="MaxCanonicalLength"/> characters) and returns <see cref="EmailProblem.None"/>, or returns the problem.
    /// <paramref name="domainStart"/> is the index of the domain in the canonical form.
    /// </summary>
    public static EmailProblem Canonicalize(
        ReadOnlySpan<char> email, bool foldLocalPartCase, bool removePlusTag, Span<char> destination, out int charsWritten, out int domainStart)
    {
        charsWritten = domainStart = 0;
        var input = email.Trim();
        if (input.IsEmpty)
        {
            return EmailProblem.Empty;
        }

        if (input.Length > MaxAddressLength)
        {
            return EmailProblem.TooLong;
        }

        var at = -1;
        var written = 0;
        var inTag = false;
        var asciiDomain = true;
        for (var i = 0; i < input.Length; i++)
        {
            var c = input[i];
            if (c < 0x80)
            {
                if (c < 0x20 || c == 0x7F)
                {
                    return EmailProblem.ControlCharacter;
                }

                if (c == '@')
                {
                    if (at >= 0)
                    {
                        return EmailProblem.MoreThanOneAt;
                    }

                    if (i == 0)
                    {
                        return EmailProblem.EmptyLocalPart;
                    }

                    at = i;
                    destination[written++] = '@';
                    domainStart = written;
                }
                else if (at >= 0)
                {
                    destination[written++] = char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c;
                }
                else if (inTag)
                {
                    // Inside a removed +tag: validated above, not written.
                }
                else if (removePlusTag && c == '+' && i > 0)
                {
                    inTag = true;
                }
                else
                {
                    destination[written++] = foldLocalPartCase && char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c;
                }

                continue;
            }

            if (char.IsSurrogate(c))
            {
                if (!char.IsHighSurrogate(c) || i + 1 == input.Length || !char.IsLowSurrogate(input[i + 1]))
                {
                    return EmailProblem.UnpairedSurrogate;
                }

                var rune = new Rune(c, input[++i]);
                asciiDomain &= at < 0;
                if (at >= 0 || !inTag)
                {
                    written += (foldLocalPartCase && at < 0 ? Rune.ToLowerInvariant(rune) : rune).EncodeToUtf16(destination[written..]);
                }

                continue;
            }

            if (char.IsControl(c))
            {
                return EmailProblem.ControlCharacter;
            }

            asciiDomain &= at < 0;
            if (at >= 0 || !inTag)
            {
                destination[written++] = foldLocalPartCase && at < 0 ? char.ToLowerInvariant(c) : c;
            }
        }

        if (at < 0)
        {
            return EmailProblem.NoAt;
        }

        if (written == domainStart)
        {
            return EmailProblem.EmptyDomain;
        }

        if (!asciiDomain)
        {
            return EmailDomain.ConvertToAscii(input[(at + 1)..], destination, domainStart, out charsWritten);
        }

        charsWritten = written;
        return EmailDomain.IsHostName(destination[domainStart..written]) ? EmailProblem.None : EmailProblem.InvalidDomain;
    }
}
