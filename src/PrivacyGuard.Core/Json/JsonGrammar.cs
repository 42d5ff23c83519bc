using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace PrivacyGuard.Json;

/// <summary>
/// The lexical rules of RFC 8259 that <see cref="JsonScanner"/> applies: where a string, number or literal that starts at
/// a position ends. Each returns the position after the token, <see cref="NeedMore"/> when the buffer ends inside it (or,
/// for a number, at its end, since more digits may follow), or <see cref="Invalid"/>.
/// </summary>
internal static class JsonGrammar
{
    public const int NeedMore = -1;
    public const int Invalid = -2;

    /// <summary>The first byte at or after <paramref name="from"/> that is not JSON white space, or the buffer's length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SkipWhiteSpace(ReadOnlySpan<byte> buffer, int from)
    {
        var i = from;
        while ((uint)i < (uint)buffer.Length && IsWhiteSpace(buffer[i]))
        {
            i++;
        }

        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsWhiteSpace(byte b) => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t';

    /// <summary>
    /// The end (after the closing quote) of a string whose content starts at <paramref name="start"/>, when that quote is
    /// within the vector of bytes there and no backslash or control character comes before it; otherwise -1, and
    /// <see cref="ScanString"/> decides.
    /// </summary>
    /// <remarks>
    /// Whether the first stop is the quote is read from the masks, not by loading the byte again: a string's end is on
    /// the chain of dependent steps from one token to the next, and this keeps a load off it.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int QuickStringEnd(ReadOnlySpan<byte> buffer, int start)
    {
        if (Vector256.IsHardwareAccelerated && start <= buffer.Length - Vector256<byte>.Count)
        {
            var bytes = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(buffer), (nuint)start);
            var quotes = Vector256.Equals(bytes, Vector256.Create((byte)'"')).ExtractMostSignificantBits();
            var others = (Vector256.Equals(bytes, Vector256.Create((byte)'\\'))
                | Vector256.LessThan(bytes, Vector256.Create((byte)' '))).ExtractMostSignificantBits();
            var firstQuote = quotes & (0u - quotes);
            if (firstQuote != 0 && (others & (firstQuote - 1)) == 0)
            {
                return start + BitOperations.TrailingZeroCount(quotes) + 1;
            }
        }

        return -1;
    }

    /// <summary>The number (<c>-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?</c>) or literal that starts at <paramref name="start"/>.</summary>
    public static int ScanScalar(ReadOnlySpan<byte> buffer, int start, bool isFinalBlock, out JsonScannerToken token)
    {
        switch (buffer[start])
        {
            case (byte)'t':
                token = JsonScannerToken.True;
                return ScanLiteral(buffer, start, "true"u8);
            case (byte)'f':
                token = JsonScannerToken.False;
                return ScanLiteral(buffer, start, "false"u8);
            case (byte)'n':
                token = JsonScannerToken.Null;
                return ScanLiteral(buffer, start, "null"u8);
            default:
                token = JsonScannerToken.Number;
                return ScanNumber(buffer, start, isFinalBlock);
        }
    }

    private static int ScanLiteral(ReadOnlySpan<byte> buffer, int start, ReadOnlySpan<byte> literal)
    {
        var rest = buffer[start..];
        if (rest.StartsWith(literal))
        {
            return start + literal.Length;
        }

        return rest.Length < literal.Length && literal.StartsWith(rest) ? NeedMore : Invalid;
    }

    private static int ScanNumber(ReadOnlySpan<byte> buffer, int start, bool isFinalBlock)
    {
        // What follows the number is checked as the next token ("1x" fails there).
        var i = start;
        if (buffer[i] == (byte)'-')
        {
            i++;
        }

        if ((uint)i >= (uint)buffer.Length)
        {
            return isFinalBlock ? Invalid : NeedMore;
        }

        if (buffer[i] == (byte)'0')
        {
            i++;
        }
        else if ((uint)(buffer[i] - '1') <= 8)
        {
            i = SkipDigits(buffer, i + 1);
        }
        else
        {
            return Invalid;
        }

        if ((uint)i < (uint)buffer.Length && buffer[i] == (byte)'.')
        {
            var digits = SkipDigits(buffer, i + 1);
            if (digits == i + 1)
            {
                return digits == buffer.Length && !isFinalBlock ? NeedMore : Invalid;
            }

            i = digits;
        }

        if ((uint)i < (uint)buffer.Length && (buffer[i] | 0x20) == (byte)'e')
        {
            i++;
            if ((uint)i < (uint)buffer.Length && buffer[i] is (byte)'+' or (byte)'-')
            {
                i++;
            }

            var digits = SkipDigits(buffer, i);
            if (digits == i)
            {
                return digits == buffer.Length && !isFinalBlock ? NeedMore : Invalid;
            }

            i = digits;
        }

        // A number running to the end of a block may go on in the next one.
        return i == buffer.Length && !isFinalBlock ? NeedMore : i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SkipDigits(ReadOnlySpan<byte> buffer, int i)
    {
        while ((uint)i < (uint)buffer.Length && (uint)(buffer[i] - '0') <= 9)
        {
            i++;
        }

        return i;
    }

    /// <summary>The end of the string whose opening quote is at <paramref name="quote"/> (after its closing quote).</summary>
    public static int ScanString(ReadOnlySpan<byte> buffer, int quote, out bool escaped)
    {
        escaped = false;
        var i = quote + 1;
        while (true)
        {
            i = IndexOfStringStop(buffer, i);
            if (i < 0)
            {
                return NeedMore;
            }

            var c = buffer[i];
            if (c == (byte)'"')
            {
                return i + 1;
            }

            if (c != (byte)'\\')
            {
                return Invalid; // a control character
            }

            escaped = true;
            var length = EscapeLength(buffer, i);
            if (length < 0)
            {
                return length;
            }

            i += length;
        }
    }

    /// <summary>The length of the escape at <paramref name="backslash"/>.</summary>
    private static int EscapeLength(ReadOnlySpan<byte> buffer, int backslash)
    {
        var i = backslash + 1;
        if ((uint)i >= (uint)buffer.Length)
        {
            return NeedMore;
        }

        switch (buffer[i])
        {
            case (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t':
                return 2;
            case (byte)'u':
                for (var k = i + 1; k < i + 5; k++)
                {
                    if ((uint)k >= (uint)buffer.Length)
                    {
                        return NeedMore;
                    }

                    if (!char.IsAsciiHexDigit((char)buffer[k]))
                    {
                        return Invalid;
                    }
                }

                return 6;
            default:
                return Invalid;
        }
    }

    /// <summary>The first quote, backslash or control character at or after <paramref name="from"/>, or -1.</summary>
    private static int IndexOfStringStop(ReadOnlySpan<byte> buffer, int from)
    {
        var i = from;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var first = ref MemoryMarshal.GetReference(buffer);
            while (i <= buffer.Length - Vector256<byte>.Count)
            {
                var mask = StringStops(Vector256.LoadUnsafe(ref first, (nuint)i));
                if (mask != 0)
                {
                    return i + BitOperations.TrailingZeroCount(mask);
                }

                i += Vector256<byte>.Count;
            }
        }

        for (; (uint)i < (uint)buffer.Length; i++)
        {
            var c = buffer[i];
            if (c == (byte)'"' || c == (byte)'\\' || c < (byte)' ')
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>One bit per byte of <paramref name="bytes"/> that is a quote, a backslash or a control character.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint StringStops(Vector256<byte> bytes) =>
        (Vector256.Equals(bytes, Vector256.Create((byte)'"'))
            | Vector256.Equals(bytes, Vector256.Create((byte)'\\'))
            | Vector256.LessThan(bytes, Vector256.Create((byte)' '))).ExtractMostSignificantBits();
}
