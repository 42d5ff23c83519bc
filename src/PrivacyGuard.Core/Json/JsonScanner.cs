using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace PrivacyGuard.Json;

/// <summary>
/// A forward-only tokenizer of UTF-8 JSON (RFC 8259) for the rewriter: it checks the grammar as
/// <see cref="System.Text.Json.Utf8JsonReader"/> does with default options (no comments, no trailing commas, one root
/// value) and reports where each token starts and ends, nothing more. It does not unescape, convert or check UTF-8 (the
/// rewriter validates each block's bytes in one vectorized pass); string contents are skipped a vector at a time.
/// </summary>
/// <remarks>
/// Reading stops at the first token that is incomplete in a non-final block: <see cref="BytesConsumed"/> is then where it
/// starts, and the next block begins there with the same <see cref="JsonScannerState"/>.
/// </remarks>
[SkipLocalsInit]
internal ref struct JsonScanner
{
    private readonly ReadOnlySpan<byte> _buffer;
    private readonly bool _isFinalBlock;
    private readonly int _maxDepth;
    private ref JsonScannerState _state;
    private int _consumed;

    public JsonScanner(ReadOnlySpan<byte> buffer, bool isFinalBlock, int maxDepth, ref JsonScannerState state)
    {
        _buffer = buffer;
        _isFinalBlock = isFinalBlock;
        _maxDepth = maxDepth;
        _state = ref state;
    }

    /// <summary>The token just read.</summary>
    public JsonScannerToken Token { get; private set; }

    /// <summary>Where the token starts (a string's opening quote).</summary>
    public int TokenStart { get; private set; }

    /// <summary>Where the last complete token ends (after a property name: after its colon).</summary>
    public readonly int BytesConsumed => _consumed;

    /// <summary>
    /// The depth of the token as <see cref="System.Text.Json.Utf8JsonReader.CurrentDepth"/> counts it: a container's start
    /// and end are at the depth of the container around them, anything inside one level deeper.
    /// </summary>
    public readonly int CurrentDepth => Token is JsonScannerToken.StartObject or JsonScannerToken.StartArray ? _state.Depth - 1 : _state.Depth;

    /// <summary>Where a string's or property name's content starts (after the quote).</summary>
    public int ValueStart { get; private set; }

    /// <summary>The length of a string's or property name's content (without quotes, escapes not decoded).</summary>
    public int ValueLength { get; private set; }

    /// <summary>Whether the string's or property name's content holds a backslash escape.</summary>
    public bool ValueIsEscaped { get; private set; }

    /// <summary>The content of the string or property name just read (escapes not decoded).</summary>
    public readonly ReadOnlySpan<byte> ValueSpan => _buffer.Slice(ValueStart, ValueLength);

    /// <summary>Why reading stopped: <see cref="JsonRewriteStatus.Success"/> when the block ran out of complete tokens.</summary>
    public JsonRewriteStatus Error { get; private set; }

    /// <summary>
    /// Reads the next token. False when there is none: the block holds no further complete token (or, in the final block,
    /// the document ended correctly), or the input is wrong (<see cref="Error"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Read()
    {
        var buffer = _buffer;
        var position = _consumed;
        var expect = _state.Expect;
        while (true)
        {
            if ((uint)position >= (uint)buffer.Length)
            {
                return AtEnd(expect);
            }

            var b = buffer[position];
            if (b == (byte)'"')
            {
                if (expect is JsonScannerExpectation.Value or JsonScannerExpectation.ValueOrEndArray)
                {
                    return TryScanString(position, out var end) && Complete(JsonScannerToken.String, position, end);
                }

                return expect is JsonScannerExpectation.Name or JsonScannerExpectation.NameOrEndObject
                    ? ReadName(position)
                    : Fail(JsonRewriteStatus.Malformed);
            }

            if (b <= (byte)' ')
            {
                if (b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
                {
                    position++;
                    continue;
                }

                return Fail(JsonRewriteStatus.Malformed);
            }

            if (b == (byte)',')
            {
                if (expect != JsonScannerExpectation.CommaOrEnd)
                {
                    return Fail(JsonRewriteStatus.Malformed);
                }

                position++;
                expect = _state.InObject ? JsonScannerExpectation.Name : JsonScannerExpectation.Value;
                continue;
            }

            if (b is (byte)'}' or (byte)']')
            {
                return expect is JsonScannerExpectation.CommaOrEnd
                    || (expect is JsonScannerExpectation.NameOrEndObject && b == (byte)'}')
                    || (expect is JsonScannerExpectation.ValueOrEndArray && b == (byte)']')
                    ? ReadEnd(b, position)
                    : Fail(JsonRewriteStatus.Malformed);
            }

            return expect is JsonScannerExpectation.Value or JsonScannerExpectation.ValueOrEndArray
                ? ReadValue(b, position)
                : Fail(JsonRewriteStatus.Malformed);
        }
    }

    /// <summary>
    /// Reads on to the end of the container that ends at <paramref name="depth"/> (as <see cref="CurrentDepth"/> counts),
    /// checking the grammar but reporting no token on the way: true when that end was read, false as <see cref="Read"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public bool SkipToEndAt(int depth)
    {
        while (Read())
        {
            if (Token is JsonScannerToken.EndObject or JsonScannerToken.EndArray && _state.Depth == depth)
            {
                return true;
            }
        }

        return false;
    }

    private bool AtEnd(JsonScannerExpectation expect)
    {
        // Only white space (and perhaps a comma) is left. In the final block that is the end of a complete document or
        // an error; otherwise the next block brings the rest.
        if (_isFinalBlock && (expect != JsonScannerExpectation.Done || !_state.SawToken))
        {
            return Fail(JsonRewriteStatus.Malformed);
        }

        if (_isFinalBlock)
        {
            _consumed = _buffer.Length;
        }

        return false;
    }

    private bool ReadEnd(byte b, int position)
    {
        var isObject = _state.InObject;
        if (_state.Depth == 0 || b != (isObject ? (byte)'}' : (byte)']'))
        {
            return Fail(JsonRewriteStatus.Malformed);
        }

        _state.Depth--;
        return Complete(isObject ? JsonScannerToken.EndObject : JsonScannerToken.EndArray, position, position + 1);
    }

    private bool ReadName(int position)
    {
        if (!TryScanString(position, out var end))
        {
            return false;
        }

        // The colon belongs to the name, so a name is complete only with it.
        var buffer = _buffer;
        var colon = end;
        while (true)
        {
            if ((uint)colon >= (uint)buffer.Length)
            {
                return Incomplete();
            }

            var c = buffer[colon];
            if (c == (byte)':')
            {
                break;
            }

            if (c is not ((byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t'))
            {
                return Fail(JsonRewriteStatus.Malformed);
            }

            colon++;
        }

        _state.Expect = JsonScannerExpectation.Value;
        Token = JsonScannerToken.PropertyName;
        TokenStart = position;
        _consumed = colon + 1;
        return true;
    }

    private bool ReadValue(byte b, int position)
    {
        switch (b)
        {
            case (byte)'{':
            case (byte)'[':
                if (_state.Depth >= _maxDepth)
                {
                    return Fail(JsonRewriteStatus.TooDeep);
                }

                var isObject = b == (byte)'{';
                _state.Push(isObject);
                _state.Expect = isObject ? JsonScannerExpectation.NameOrEndObject : JsonScannerExpectation.ValueOrEndArray;
                _state.SawToken = true;
                Token = isObject ? JsonScannerToken.StartObject : JsonScannerToken.StartArray;
                TokenStart = position;
                _consumed = position + 1;
                return true;
            case (byte)'t':
                return ReadLiteral("true"u8, JsonScannerToken.True, position);
            case (byte)'f':
                return ReadLiteral("false"u8, JsonScannerToken.False, position);
            case (byte)'n':
                return ReadLiteral("null"u8, JsonScannerToken.Null, position);
            default:
                return ReadNumber(position);
        }
    }

    /// <summary>A value or container end is complete: what may follow depends on whether it closed the root.</summary>
    private bool Complete(JsonScannerToken token, int start, int end)
    {
        _state.Expect = _state.Depth == 0 ? JsonScannerExpectation.Done : JsonScannerExpectation.CommaOrEnd;
        _state.SawToken = true;
        Token = token;
        TokenStart = start;
        _consumed = end;
        return true;
    }

    private bool ReadLiteral(ReadOnlySpan<byte> literal, JsonScannerToken token, int position)
    {
        var rest = _buffer[position..];
        if (rest.StartsWith(literal))
        {
            return Complete(token, position, position + literal.Length);
        }

        return rest.Length < literal.Length && literal.StartsWith(rest) ? Incomplete() : Fail(JsonRewriteStatus.Malformed);
    }

    /// <summary>-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? — what follows it is checked as the next token.</summary>
    private bool ReadNumber(int position)
    {
        var buffer = _buffer;
        var i = position;
        if (buffer[i] == (byte)'-')
        {
            i++;
        }

        if ((uint)i >= (uint)buffer.Length)
        {
            return EndOfNumber(complete: false, position);
        }

        if (buffer[i] == (byte)'0')
        {
            i++;
        }
        else if (IsNonZeroDigit(buffer[i]))
        {
            i = SkipDigits(buffer, i + 1);
        }
        else
        {
            return Fail(JsonRewriteStatus.Malformed);
        }

        if ((uint)i < (uint)buffer.Length && buffer[i] == (byte)'.')
        {
            var digits = SkipDigits(buffer, i + 1);
            if (digits == i + 1)
            {
                return digits == buffer.Length ? EndOfNumber(complete: false, position) : Fail(JsonRewriteStatus.Malformed);
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
                return digits == buffer.Length ? EndOfNumber(complete: false, position) : Fail(JsonRewriteStatus.Malformed);
            }

            i = digits;
        }

        // A number running to the end of a block may go on in the next one.
        return i == buffer.Length ? EndOfNumber(complete: true, position) : Complete(JsonScannerToken.Number, position, i);
    }

    private bool EndOfNumber(bool complete, int position)
    {
        if (!_isFinalBlock)
        {
            return Incomplete();
        }

        return complete ? Complete(JsonScannerToken.Number, position, _buffer.Length) : Fail(JsonRewriteStatus.Malformed);
    }

    private static bool IsNonZeroDigit(byte b) => (uint)(b - '1') <= 8;

    private static int SkipDigits(ReadOnlySpan<byte> buffer, int i)
    {
        while ((uint)i < (uint)buffer.Length && (uint)(buffer[i] - '0') <= 9)
        {
            i++;
        }

        return i;
    }

    /// <summary>
    /// Scans the string whose opening quote is at <paramref name="quote"/>; <paramref name="end"/> is after its closing
    /// quote. False when it is incomplete or malformed (then the scanner has stopped).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryScanString(int quote, out int end)
    {
        // Most strings have no escape and end within a vector: one load finds the closing quote.
        var buffer = _buffer;
        var start = quote + 1;
        if (Vector256.IsHardwareAccelerated && start <= buffer.Length - Vector256<byte>.Count)
        {
            var v = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(buffer), (nuint)start);
            var stops = Vector256.Equals(v, Vector256.Create((byte)'"')) | Vector256.Equals(v, Vector256.Create((byte)'\\')) | Vector256.LessThan(v, Vector256.Create((byte)' '));
            var mask = stops.ExtractMostSignificantBits();
            if (mask != 0)
            {
                var stop = start + BitOperations.TrailingZeroCount(mask);
                if (buffer[stop] == (byte)'"')
                {
                    ValueStart = start;
                    ValueLength = stop - start;
                    ValueIsEscaped = false;
                    end = stop + 1;
                    return true;
                }
            }
        }

        return TryScanAnyString(quote, out end);
    }

    private bool TryScanAnyString(int quote, out int end)
    {
        var buffer = _buffer;
        var start = quote + 1;
        var i = start;
        var escaped = false;
        while (true)
        {
            i = IndexOfStringStop(buffer, i);
            if (i < 0)
            {
                end = 0;
                return Incomplete();
            }

            var c = buffer[i];
            if (c == (byte)'"')
            {
                break;
            }

            if (c != (byte)'\\')
            {
                end = 0;
                return Fail(JsonRewriteStatus.Malformed); // a control character
            }

            escaped = true;
            var length = EscapeLength(buffer, i);
            if (length <= 0)
            {
                end = 0;
                return length == 0 ? Incomplete() : Fail(JsonRewriteStatus.Malformed);
            }

            i += length;
        }

        ValueStart = start;
        ValueLength = i - start;
        ValueIsEscaped = escaped;
        end = i + 1;
        return true;
    }

    /// <summary>The length of the escape at <paramref name="backslash"/>: 0 when the block ends inside it, -1 when it is invalid.</summary>
    private static int EscapeLength(ReadOnlySpan<byte> buffer, int backslash)
    {
        var i = backslash + 1;
        if ((uint)i >= (uint)buffer.Length)
        {
            return 0;
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
                        return 0;
                    }

                    if (!char.IsAsciiHexDigit((char)buffer[k]))
                    {
                        return -1;
                    }
                }

                return 6;
            default:
                return -1;
        }
    }

    /// <summary>The first quote, backslash or control character at or after <paramref name="from"/>, or -1.</summary>
    private static int IndexOfStringStop(ReadOnlySpan<byte> buffer, int from)
    {
        var i = from;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var first = ref MemoryMarshal.GetReference(buffer);
            var quote = Vector256.Create((byte)'"');
            var backslash = Vector256.Create((byte)'\\');
            var space = Vector256.Create((byte)' ');
            while (i <= buffer.Length - Vector256<byte>.Count)
            {
                var v = Vector256.LoadUnsafe(ref first, (nuint)i);
                var stops = Vector256.Equals(v, quote) | Vector256.Equals(v, backslash) | Vector256.LessThan(v, space);
                if (stops != Vector256<byte>.Zero)
                {
                    return i + BitOperations.TrailingZeroCount(stops.ExtractMostSignificantBits());
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

    private bool Incomplete()
    {
        if (_isFinalBlock)
        {
            return Fail(JsonRewriteStatus.Malformed);
        }

        return false;
    }

    private bool Fail(JsonRewriteStatus error)
    {
        Error = error;
        return false;
    }
}

/// <summary>The kinds of token <see cref="JsonScanner"/> reads.</summary>
internal enum JsonScannerToken : byte
{
    None,
    StartObject,
    EndObject,
    StartArray,
    EndArray,
    PropertyName,
    String,
    Number,
    True,
    False,
    Null,
}
