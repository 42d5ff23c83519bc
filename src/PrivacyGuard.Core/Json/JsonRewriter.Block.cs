using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Unicode;
using PrivacyGuard.Pseudonymization;

namespace PrivacyGuard.Json;

[SkipLocalsInit]
public sealed partial class JsonRewriter
{
    /// <summary>
    /// Rewrites the complete tokens of <paramref name="input"/>: copies the bytes between replaced values verbatim and
    /// writes the replacements. <paramref name="consumed"/> is where the first incomplete token starts (the whole input
    /// for the final block); the caller keeps the rest for the next block.
    /// </summary>
    private JsonRewriteStatus RewriteBlock(ReadOnlySpan<byte> input, bool isFinalBlock, ref RewriteState state, IBufferWriter<byte> output, out int consumed)
    {
        consumed = 0;
        var reader = new Utf8JsonReader(input, isFinalBlock, state.Reader);
        var copied = 0;
        try
        {
            while (reader.Read())
            {
                state.SawToken = true;
                var status = OnToken(ref reader, ref state, input, ref copied, output);
                if (status != JsonRewriteStatus.Success)
                {
                    return status;
                }
            }
        }
        catch (JsonException)
        {
            return JsonRewriteStatus.Malformed;
        }
        catch (InvalidOperationException)
        {
            // Utf8JsonReader throws this (not JsonException) when a property name being matched against a selector
            // unescapes to a lone surrogate ("\ud83dx"): valid JSON grammar, but not text the rewriter can compare.
            return JsonRewriteStatus.Malformed;
        }

        var end = isFinalBlock ? input.Length : (int)reader.BytesConsumed;
        if ((isFinalBlock && !state.SawToken) || !Utf8.IsValid(input[..end]))
        {
            return JsonRewriteStatus.Malformed;
        }

        if (state.SkipDepth < 0)
        {
            Copy(input[copied..end], ref state, output);
        }

        state.Reader = reader.CurrentState;
        consumed = end;
        return JsonRewriteStatus.Success;
    }

    private JsonRewriteStatus OnToken(ref Utf8JsonReader reader, ref RewriteState state, ReadOnlySpan<byte> input, ref int copied, IBufferWriter<byte> output)
    {
        var token = reader.TokenType;
        if (token is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth >= _maxDepth)
        {
            return JsonRewriteStatus.TooDeep;
        }

        if (state.SkipDepth >= 0)
        {
            if (token is JsonTokenType.EndObject or JsonTokenType.EndArray && reader.CurrentDepth == state.SkipDepth)
            {
                state.SkipDepth = -1;
            }

            copied = (int)reader.BytesConsumed;
            return JsonRewriteStatus.Success;
        }

        if (state.PassDepth >= 0)
        {
            // Inside a container no selector reaches: its bytes are copied as they are; only its end matters.
            if (token is JsonTokenType.EndObject or JsonTokenType.EndArray && reader.CurrentDepth == state.PassDepth)
            {
                state.PassDepth = -1;
            }

            return JsonRewriteStatus.Success;
        }

        switch (token)
        {
            case JsonTokenType.PropertyName:
                var parent = state.Frames[state.FrameCount - 1].Active;
                if (parent == SelectorAutomaton.Dead)
                {
                    state.PendingActive = SelectorAutomaton.Dead;
                    state.PendingRule = -1;
                }
                else
                {
                    state.PendingActive = _automaton.Step(parent, ref reader, isElement: false, out state.PendingRule);
                }

                state.HasPending = true;
                return JsonRewriteStatus.Success;
            case JsonTokenType.EndObject or JsonTokenType.EndArray:
                state.FrameCount--;
                return JsonRewriteStatus.Success;
            default:
                return OnValue(ref reader, ref state, input, ref copied, output);
        }
    }

    private JsonRewriteStatus OnValue(ref Utf8JsonReader reader, ref RewriteState state, ReadOnlySpan<byte> input, ref int copied, IBufferWriter<byte> output)
    {
        var active = TakeChild(ref reader, ref state, out var rule);
        var token = reader.TokenType;
        var isContainer = token is JsonTokenType.StartObject or JsonTokenType.StartArray;
        if (rule >= 0)
        {
            var replacer = _replacers[rule];
            if (replacer.IsRedact)
            {
                Copy(input[copied..(int)reader.TokenStartIndex], ref state, output);
                Copy("null"u8, ref state, output);
                state.ValuesReplaced++;
                copied = (int)reader.BytesConsumed;
                if (isContainer)
                {
                    state.SkipDepth = reader.CurrentDepth;
                }

                return JsonRewriteStatus.Success;
            }

            if (token == JsonTokenType.String)
            {
                return ReplaceString(ref reader, ref state, replacer, input, ref copied, output);
            }

            if (_refuseNonStrings)
            {
                return JsonRewriteStatus.UnsupportedValue;
            }
        }

        if (isContainer)
        {
            if (active == SelectorAutomaton.Dead)
            {
                state.PassDepth = reader.CurrentDepth;
            }
            else
            {
                state.Frames[state.FrameCount++] = new RewriteState.Frame(active, token == JsonTokenType.StartArray);
            }
        }

        return JsonRewriteStatus.Success;
    }

    private int TakeChild(ref Utf8JsonReader reader, ref RewriteState state, out int rule)
    {
        if (state.HasPending)
        {
            state.HasPending = false;
            rule = state.PendingRule;
            return state.PendingActive;
        }

        rule = -1;
        if (state.FrameCount == 0)
        {
            return _automaton.Root;
        }

        var parent = state.Frames[state.FrameCount - 1].Active;
        return parent == SelectorAutomaton.Dead ? SelectorAutomaton.Dead : _automaton.Step(parent, ref reader, isElement: true, out rule);
    }

    private static JsonRewriteStatus ReplaceString(
        ref Utf8JsonReader reader, ref RewriteState state, FieldReplacer replacer, ReadOnlySpan<byte> input, ref int copied, IBufferWriter<byte> output)
    {
        var raw = reader.ValueSpan;

        // Escaped values are rare; their unescaped form goes to a rented (not stack) buffer because a stack span cannot
        // be passed to the reader, which the caller owns.
        var rented = reader.ValueIsEscaped ? ArrayPool<byte>.Shared.Rent(raw.Length) : null;
        var length = 0;
        Span<byte> replacement = stackalloc byte[FieldReplacer.MaxReplacementLength];
        try
        {
            ReadOnlySpan<byte> value;
            if (reader.ValueIsEscaped)
            {
                try
                {
                    length = reader.CopyString(rented);
                }
                catch (InvalidOperationException)
                {
                    return JsonRewriteStatus.Malformed; // an escape that decodes to a lone surrogate
                }

                value = rented.AsSpan(0, length);
            }
            else
            {
                value = raw;
            }

            if (!Utf8.IsValid(value))
            {
                return JsonRewriteStatus.Malformed;
            }

            int written;
            try
            {
                if (!replacer.TryReplace(value, replacement, out written))
                {
                    return JsonRewriteStatus.UnsupportedValue;
                }
            }
            catch (PseudonymizationException)
            {
                return JsonRewriteStatus.UnsupportedValue;
            }

            // The untouched bytes before the value and the quoted replacement go out in one write.
            var before = input[copied..(int)reader.TokenStartIndex];
            var total = before.Length + written + 2;
            var destination = output.GetSpan(total);
            before.CopyTo(destination);
            destination[before.Length] = (byte)'"';
            replacement[..written].CopyTo(destination[(before.Length + 1)..]);
            destination[total - 1] = (byte)'"';
            output.Advance(total);
            state.BytesWritten += total;
            state.ValuesReplaced++;
            copied = (int)reader.BytesConsumed;
            return JsonRewriteStatus.Success;
        }
        finally
        {
            if (rented is not null)
            {
                rented.AsSpan(0, length).Clear();
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static void Copy(ReadOnlySpan<byte> bytes, ref RewriteState state, IBufferWriter<byte> output)
    {
        if (!bytes.IsEmpty)
        {
            output.Write(bytes);
            state.BytesWritten += bytes.Length;
        }
    }
}
