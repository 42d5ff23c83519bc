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
        // Tokens' hashes wait and run in lanes (DeferredHashes) when the processor allows it. Their characters are filled
        // in after the token is written, so the block is written where that is possible: the rewriter's own buffer (the
        // streaming path), else a scratch buffer copied to the caller's writer at the end of the block.
        var deferred = _hashes && (output is PooledBufferWriter || input.Length <= MaxScratchBytes) ? DeferredHashes.Rent() : null;
        if (deferred is null)
        {
            return RewriteBlock(input, isFinalBlock, ref state, output, null, out consumed);
        }

        var owned = output as PooledBufferWriter;
        var scratch = owned is null ? RentScratch() : null;
        var target = owned ?? scratch!;
        try
        {
            var status = RewriteBlock(input, isFinalBlock, ref state, target, deferred, out consumed);
            if (status == JsonRewriteStatus.Success)
            {
                deferred.Complete(target.WrittenSpan);
                if (scratch is not null && scratch.WrittenCount > 0)
                {
                    output.Write(scratch.WrittenSpan);
                }
            }

            return status;
        }
        finally
        {
            DeferredHashes.Return(deferred);
            if (scratch is not null)
            {
                ReturnScratch(scratch);
            }
        }
    }

    private static PooledBufferWriter RentScratch()
    {
        var scratch = t_scratch ?? new PooledBufferWriter(ScratchInitialBytes);
        t_scratch = null;
        return scratch;
    }

    private static void ReturnScratch(PooledBufferWriter scratch)
    {
        // Cleared (it held the document), and kept for this thread's next block unless a large block grew it.
        var large = scratch.WrittenCount > MaxScratchBytes;
        scratch.Clear();
        if (large)
        {
            scratch.Dispose();
            return;
        }

        t_scratch = scratch;
    }

    private JsonRewriteStatus RewriteBlock(
        ReadOnlySpan<byte> input, bool isFinalBlock, ref RewriteState state, IBufferWriter<byte> output, DeferredHashes? deferred, out int consumed)
    {
        consumed = 0;
        var reader = new Utf8JsonReader(input, isFinalBlock, state.Reader);
        var copied = 0;
        try
        {
            var status = RewriteTokens(ref reader, ref state, input, ref copied, output, deferred);
            if (status != JsonRewriteStatus.Success)
            {
                return status;
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

    /// <summary>
    /// The token loop. It runs once per token of the document, so the fields of <paramref name="state"/> it touches on
    /// every token live in locals (registers) while it runs and are stored back once at the end, and the common tokens
    /// (those inside a container no selector reaches, property names, ends of containers) are handled in line; only
    /// selected values leave the loop.
    /// </summary>
    private JsonRewriteStatus RewriteTokens(ref Utf8JsonReader reader, ref RewriteState state, ReadOnlySpan<byte> input, ref int copied, IBufferWriter<byte> output, DeferredHashes? deferred)
    {
        var automaton = _automaton;
        var maxDepth = _maxDepth;
        var frames = state.Frames;
        var frameCount = state.FrameCount;
        var skipDepth = state.SkipDepth;
        var passDepth = state.PassDepth;
        var hasPending = state.HasPending;
        var pendingActive = state.PendingActive;
        var pendingRule = state.PendingRule;
        var sawToken = state.SawToken;
        var status = JsonRewriteStatus.Success;
        while (reader.Read())
        {
            sawToken = true;
            var token = reader.TokenType;
            var isContainer = token is JsonTokenType.StartObject or JsonTokenType.StartArray;
            if (isContainer && reader.CurrentDepth >= maxDepth)
            {
                status = JsonRewriteStatus.TooDeep;
                break;
            }

            if (skipDepth >= 0)
            {
                if (token is JsonTokenType.EndObject or JsonTokenType.EndArray && reader.CurrentDepth == skipDepth)
                {
                    skipDepth = -1;
                }

                copied = (int)reader.BytesConsumed;
                continue;
            }

            if (passDepth >= 0)
            {
                // Inside a container no selector reaches: its bytes are copied as they are; only its end matters.
                if (token is JsonTokenType.EndObject or JsonTokenType.EndArray && reader.CurrentDepth == passDepth)
                {
                    passDepth = -1;
                }

                continue;
            }

            if (token == JsonTokenType.PropertyName)
            {
                var parent = frames[frameCount - 1].Active;
                pendingRule = -1;
                pendingActive = parent == SelectorAutomaton.Dead
                    ? SelectorAutomaton.Dead
                    : automaton.Step(parent, ref reader, isElement: false, out pendingRule);
                hasPending = true;
                continue;
            }

            if (token is JsonTokenType.EndObject or JsonTokenType.EndArray)
            {
                frameCount--;
                continue;
            }

            // A value: the child of the pending property name, an array element, or the root.
            int active;
            var rule = -1;
            if (hasPending)
            {
                hasPending = false;
                rule = pendingRule;
                active = pendingActive;
            }
            else if (frameCount == 0)
            {
                active = automaton.Root;
            }
            else
            {
                var parent = frames[frameCount - 1].Active;
                active = parent == SelectorAutomaton.Dead ? SelectorAutomaton.Dead : automaton.Step(parent, ref reader, isElement: true, out rule);
            }

            if (rule >= 0)
            {
                status = OnSelectedValue(ref reader, ref state, _replacers[rule], input, ref copied, output, deferred, out var handled);
                if (status != JsonRewriteStatus.Success)
                {
                    break;
                }

                if (handled)
                {
                    if (isContainer && _replacers[rule].IsRedact)
                    {
                        skipDepth = reader.CurrentDepth;
                    }

                    continue;
                }
            }

            if (isContainer)
            {
                if (active == SelectorAutomaton.Dead)
                {
                    passDepth = reader.CurrentDepth;
                }
                else
                {
                    frames[frameCount++] = new RewriteState.Frame(active, token == JsonTokenType.StartArray);
                }
            }
        }

        state.FrameCount = frameCount;
        state.SkipDepth = skipDepth;
        state.PassDepth = passDepth;
        state.HasPending = hasPending;
        state.PendingActive = pendingActive;
        state.PendingRule = pendingRule;
        state.SawToken = sawToken;
        return status;
    }

    /// <summary>
    /// A value a rule selects: redacted, or a string replaced. <paramref name="handled"/> is false for a non-string
    /// value a non-redacting rule selects when such values are left as they are; it is then treated as unselected.
    /// </summary>
    private JsonRewriteStatus OnSelectedValue(
        ref Utf8JsonReader reader, ref RewriteState state, FieldReplacer replacer, ReadOnlySpan<byte> input, ref int copied, IBufferWriter<byte> output, DeferredHashes? deferred, out bool handled)
    {
        handled = true;
        if (replacer.IsRedact)
        {
            Copy(input[copied..(int)reader.TokenStartIndex], ref state, output);
            Copy("null"u8, ref state, output);
            state.ValuesReplaced++;
            copied = (int)reader.BytesConsumed;
            return JsonRewriteStatus.Success;
        }

        if (reader.TokenType == JsonTokenType.String)
        {
            return ReplaceString(ref reader, ref state, replacer, input, ref copied, output, deferred);
        }

        handled = false;
        return _refuseNonStrings ? JsonRewriteStatus.UnsupportedValue : JsonRewriteStatus.Success;
    }

    private static JsonRewriteStatus ReplaceString(
        ref Utf8JsonReader reader, ref RewriteState state, FieldReplacer replacer, ReadOnlySpan<byte> input, ref int copied, IBufferWriter<byte> output, DeferredHashes? deferred)
    {
        var raw = reader.ValueSpan;

        // Escaped values are rare; their unescaped form goes to a rented (not stack) buffer because a stack span cannot
        // be passed to the reader, which the caller owns.
        var rented = reader.ValueIsEscaped ? ArrayPool<byte>.Shared.Rent(raw.Length) : null;
        var length = 0;
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

            // The untouched bytes before the value and the quoted replacement go out in one write, the replacement
            // written straight into the output (nothing is committed until Advance, so a refused value leaves no trace).
            var before = input[copied..(int)reader.TokenStartIndex];
            var destination = output.GetSpan(before.Length + FieldReplacer.MaxReplacementLength + 2);
            before.CopyTo(destination);
            destination[before.Length] = (byte)'"';
            int written;
            int hashAt;
            try
            {
                if (!replacer.TryReplace(value, destination.Slice(before.Length + 1, FieldReplacer.MaxReplacementLength), deferred, out written, out hashAt))
                {
                    return JsonRewriteStatus.UnsupportedValue;
                }
            }
            catch (PseudonymizationException)
            {
                return JsonRewriteStatus.UnsupportedValue;
            }

            var total = before.Length + written + 2;
            destination[total - 1] = (byte)'"';
            if (hashAt >= 0)
            {
                // deferred is set only when output is a PooledBufferWriter (RewriteBlock).
                var target = (PooledBufferWriter)output;
                deferred!.SetTarget(target.WrittenCount + before.Length + 1 + hashAt);
                output.Advance(total);
                if (deferred.IsFull)
                {
                    deferred.Complete(target.WrittenSpan);
                }
            }
            else
            {
                output.Advance(total);
            }

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
