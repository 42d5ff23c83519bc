using System.Runtime.CompilerServices;

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
    private int _nameTarget;
    private int _nameRule;

    public JsonScanner(ReadOnlySpan<byte> buffer, bool isFinalBlock, int maxDepth, ref JsonScannerState state)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxDepth, JsonScannerState.MaxDepth);
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
    public readonly ReadOnlySpan<byte> ValueSpan
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _buffer.Slice(ValueStart, ValueLength);
    }

    /// <summary>
    /// The input from <paramref name="from"/> to where the current token starts. (Taken from the scanner rather than
    /// passed along as a span: a span argument spilled and read back as one 16-byte load stalls on store forwarding.)
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly ReadOnlySpan<byte> BytesBeforeToken(int from) => _buffer[from..TokenStart];

    /// <summary>
    /// For a property name <see cref="SkipToEndAt"/> stopped at without escapes: the automaton state it leads to, so the
    /// caller need not match it again.
    /// </summary>
    public readonly int NameTarget => _nameTarget;

    /// <summary>With <see cref="NameTarget"/>: the first rule the name completes, or -1.</summary>
    public readonly int NameRule => _nameRule;

    /// <summary>Why reading stopped: <see cref="JsonRewriteStatus.Success"/> when the block ran out of complete tokens.</summary>
    public JsonRewriteStatus Error { get; private set; }

    /// <summary>
    /// Reads the next token. False when there is none: the block holds no further complete token (or, in the final block,
    /// the document ended correctly), or the input is wrong (<see cref="Error"/>).
    /// </summary>
    public bool Read()
    {
        var buffer = _buffer;
        var position = _consumed;
        ref var state = ref _state;
        var expect = state.Expect;
        while (true)
        {
            if ((uint)position >= (uint)buffer.Length)
            {
                return AtEnd(expect);
            }

            var b = buffer[position];
            if (b == (byte)'"')
            {
                var isValue = expect is JsonScannerExpectation.Value or JsonScannerExpectation.ValueOrEndArray;
                if (!isValue && expect is not (JsonScannerExpectation.Name or JsonScannerExpectation.NameOrEndObject))
                {
                    return Fail(JsonRewriteStatus.Malformed);
                }

                // The common case first: no escape, ending within a vector.
                var escaped = false;
                var end = JsonGrammar.QuickStringEnd(buffer, position + 1);
                if (end < 0)
                {
                    end = JsonGrammar.ScanString(buffer, position, out escaped);
                    if (end < 0)
                    {
                        return Stop(end);
                    }
                }

                ValueStart = position + 1;
                ValueLength = end - position - 2;
                ValueIsEscaped = escaped;
                if (isValue)
                {
                    return Complete(JsonScannerToken.String, position, end);
                }

                // The colon belongs to the name, so a name is complete only with it.
                var colon = JsonGrammar.SkipWhiteSpace(buffer, end);
                if ((uint)colon >= (uint)buffer.Length || buffer[colon] != (byte)':')
                {
                    return Stop(colon == buffer.Length ? JsonGrammar.NeedMore : JsonGrammar.Invalid);
                }

                state.Expect = JsonScannerExpectation.Value;
                Token = JsonScannerToken.PropertyName;
                TokenStart = position;
                _consumed = colon + 1;
                return true;
            }

            if (b <= (byte)' ')
            {
                if (!JsonGrammar.IsWhiteSpace(b))
                {
                    return Fail(JsonRewriteStatus.Malformed);
                }

                position++;
                continue;
            }

            if (b == (byte)',')
            {
                if (expect != JsonScannerExpectation.CommaOrEnd)
                {
                    return Fail(JsonRewriteStatus.Malformed);
                }

                position++;
                expect = state.TopIsObject ? JsonScannerExpectation.Name : JsonScannerExpectation.Value;
                continue;
            }

            if (b is (byte)'}' or (byte)']')
            {
                if (!ClosesHere(b, expect, state.TopIsObject))
                {
                    return Fail(JsonRewriteStatus.Malformed);
                }

                state.Pop();
                return Complete(b == (byte)'}' ? JsonScannerToken.EndObject : JsonScannerToken.EndArray, position, position + 1);
            }

            if (expect is not (JsonScannerExpectation.Value or JsonScannerExpectation.ValueOrEndArray))
            {
                return Fail(JsonRewriteStatus.Malformed);
            }

            if (b is (byte)'{' or (byte)'[')
            {
                if (state.Depth >= _maxDepth)
                {
                    return Fail(JsonRewriteStatus.TooDeep);
                }

                var isObject = b == (byte)'{';
                state.Push(isObject);
                state.Expect = isObject ? JsonScannerExpectation.NameOrEndObject : JsonScannerExpectation.ValueOrEndArray;
                state.SawToken = true;
                Token = isObject ? JsonScannerToken.StartObject : JsonScannerToken.StartArray;
                TokenStart = position;
                _consumed = position + 1;
                return true;
            }

            var valueEnd = JsonGrammar.ScanScalar(buffer, position, _isFinalBlock, out var token);
            return valueEnd < 0 ? Stop(valueEnd) : Complete(token, position, valueEnd);
        }
    }

    /// <summary>
    /// Reads on to the end of the container that ends at <paramref name="depth"/> (as <see cref="CurrentDepth"/> counts),
    /// checking the grammar as <see cref="Read"/> does but reporting no token on the way: true when that end was read
    /// (it is then the current token), false as <see cref="Read"/>. The position, expectation and depth stay in locals
    /// and are stored once, which makes a container no selector reaches cheap to pass over.
    /// </summary>
    /// <remarks>
    /// With <paramref name="members"/>, the container is an object in state <paramref name="memberState"/> of that
    /// automaton, and reading also stops at a property name of its own that some selector may reach (the name is then the
    /// current token, as <see cref="Read"/> reports it; a name with escapes always stops, for the caller to decode). The
    /// members no selector reaches, names and values, are passed over in the same loop. A value read at the object's
    /// own level is therefore always the value of such a member.
    /// </remarks>
    public bool SkipToEndAt(int depth, SelectorAutomaton? members = null, int memberState = SelectorAutomaton.Dead)
    {
        var buffer = _buffer;
        ref var state = ref _state;
        var position = _consumed;
        var expect = state.Expect;
        var current = state.Depth;
        var topIsObject = state.TopIsObject;

        // The locals change only when a token is complete, so when reading stops inside one they still hold where it
        // starts: where reading resumes with the next block. Every way out of the loop sets why it stopped.
        JsonRewriteStatus error;
        bool found;
        while (true)
        {
            if ((uint)position >= (uint)buffer.Length)
            {
                // In the final block the document ends inside the container; in another, white space (and perhaps a
                // comma) after the last token is consumed, as in Read.
                error = _isFinalBlock ? JsonRewriteStatus.Malformed : JsonRewriteStatus.Success;
                found = false;
                break;
            }

            var b = buffer[position];
            if (b == (byte)'"')
            {
                // A string is a value or a name (the expectations are ordered so that both tests are one comparison).
                if (expect > JsonScannerExpectation.Name)
                {
                    (error, found) = (JsonRewriteStatus.Malformed, false);
                    break;
                }

                var escaped = false;
                var end = JsonGrammar.QuickStringEnd(buffer, position + 1);
                if (end < 0)
                {
                    end = JsonGrammar.ScanString(buffer, position, out escaped);
                    if (end < 0)
                    {
                        (error, found) = (StopError(end), false);
                        break;
                    }
                }

                if (expect <= JsonScannerExpectation.ValueOrEndArray)
                {
                    position = end;
                    expect = JsonScannerExpectation.CommaOrEnd;
                    continue;
                }

                var colon = JsonGrammar.SkipWhiteSpace(buffer, end);
                if ((uint)colon >= (uint)buffer.Length || buffer[colon] != (byte)':')
                {
                    (error, found) = (StopError(colon == buffer.Length ? JsonGrammar.NeedMore : JsonGrammar.Invalid), false);
                    break;
                }

                var nameStart = position;
                position = colon + 1;
                expect = JsonScannerExpectation.Value;
                if (members is not null && current == depth + 1
                    && (escaped || members.Reaches(memberState, buffer.Slice(nameStart + 1, end - nameStart - 2), out _nameTarget, out _nameRule)))
                {
                    Token = JsonScannerToken.PropertyName;
                    TokenStart = nameStart;
                    ValueStart = nameStart + 1;
                    ValueLength = end - nameStart - 2;
                    ValueIsEscaped = escaped;
                    (error, found) = (JsonRewriteStatus.Success, true);
                    break;
                }
            }
            else if (b <= (byte)' ')
            {
                if (!JsonGrammar.IsWhiteSpace(b))
                {
                    (error, found) = (JsonRewriteStatus.Malformed, false);
                    break;
                }

                position++;
            }
            else if (b == (byte)',')
            {
                if (expect != JsonScannerExpectation.CommaOrEnd)
                {
                    (error, found) = (JsonRewriteStatus.Malformed, false);
                    break;
                }

                position++;
                expect = topIsObject ? JsonScannerExpectation.Name : JsonScannerExpectation.Value;
            }
            else if (b is (byte)'}' or (byte)']')
            {
                if (!ClosesHere(b, expect, topIsObject))
                {
                    (error, found) = (JsonRewriteStatus.Malformed, false);
                    break;
                }

                current--;
                topIsObject = current > 0 && state.IsObjectAt(current - 1);
                expect = JsonScannerExpectation.CommaOrEnd;
                position++;
                if (current == depth)
                {
                    // A container inside the root ends inside it; the skipped container may be the root itself.
                    expect = current == 0 ? JsonScannerExpectation.Done : expect;
                    Token = b == (byte)'}' ? JsonScannerToken.EndObject : JsonScannerToken.EndArray;
                    TokenStart = position - 1;
                    (error, found) = (JsonRewriteStatus.Success, true);
                    break;
                }
            }
            else if (expect > JsonScannerExpectation.ValueOrEndArray)
            {
                (error, found) = (JsonRewriteStatus.Malformed, false);
                break;
            }
            else if (b is (byte)'{' or (byte)'[')
            {
                if (current >= _maxDepth)
                {
                    (error, found) = (JsonRewriteStatus.TooDeep, false);
                    break;
                }

                topIsObject = b == (byte)'{';
                state.SetObjectAt(current, topIsObject);
                current++;
                expect = topIsObject ? JsonScannerExpectation.NameOrEndObject : JsonScannerExpectation.ValueOrEndArray;
                position++;
            }
            else
            {
                var end = JsonGrammar.ScanScalar(buffer, position, _isFinalBlock, out _);
                if (end < 0)
                {
                    (error, found) = (StopError(end), false);
                    break;
                }

                position = end;
                expect = JsonScannerExpectation.CommaOrEnd;
            }
        }

        state.Expect = expect;
        state.Depth = current;
        state.TopIsObject = topIsObject;
        _consumed = position;
        Error = error;
        return found;
    }

    /// <summary>Whether <paramref name="b"/> may close the innermost container here.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool ClosesHere(byte b, JsonScannerExpectation expect, bool topIsObject) => expect switch
    {
        JsonScannerExpectation.CommaOrEnd => b == (topIsObject ? (byte)'}' : (byte)']'),
        JsonScannerExpectation.NameOrEndObject => b == (byte)'}',
        JsonScannerExpectation.ValueOrEndArray => b == (byte)']',
        _ => false,
    };

    private bool AtEnd(JsonScannerExpectation expect)
    {
        // Only white space (and perhaps a comma) is left. In the final block that is the end of a complete document or
        // an error; otherwise it is consumed, with the comma's effect, so that the next block does not read it again
        // (keeping it would make a body of white space sent in small pieces cost quadratic time).
        if (_isFinalBlock && (expect != JsonScannerExpectation.Done || !_state.SawToken))
        {
            return Fail(JsonRewriteStatus.Malformed);
        }

        _state.Expect = expect;
        _consumed = _buffer.Length;
        return false;
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

    /// <summary>What a <see cref="JsonGrammar"/> failure means here: in the final block, more never comes.</summary>
    private readonly JsonRewriteStatus StopError(int code) =>
        code == JsonGrammar.NeedMore && !_isFinalBlock ? JsonRewriteStatus.Success : JsonRewriteStatus.Malformed;

    private bool Stop(int code) => Fail(StopError(code));

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
