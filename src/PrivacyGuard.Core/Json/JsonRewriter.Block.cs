using System.Buffers;
using System.Runtime.CompilerServices;
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
        // The block's UTF-8 is checked first, in one vectorized pass, so that no name or value reaches a matcher or a
        // pseudonymizer unchecked. A character cut by the end of a block that is not the last is checked with the next
        // block (the token it is in is incomplete, so it is read again there).
        consumed = 0;
        if (!Utf8.IsValid(input[..CompleteUtf8Length(input, isFinalBlock)]))
        {
            return JsonRewriteStatus.Malformed;
        }

        var scanner = new JsonScanner(input, isFinalBlock, _maxDepth, ref state.Scanner);
        var copied = 0;
        var status = RewriteTokens(ref scanner, ref state, ref copied, output, deferred);
        if (status != JsonRewriteStatus.Success)
        {
            return status;
        }

        var end = scanner.BytesConsumed;

        if (state.SkipDepth < 0)
        {
            Copy(input[copied..end], ref state, output);
        }

        consumed = end;
        return JsonRewriteStatus.Success;
    }

    /// <summary>The length of <paramref name="input"/> without a multi-byte character its end cuts (none in the final block).</summary>
    private static int CompleteUtf8Length(ReadOnlySpan<byte> input, bool isFinalBlock)
    {
        if (isFinalBlock)
        {
            return input.Length;
        }

        // Back over at most three continuation bytes to the lead byte; cut it off if its character needs more bytes.
        for (var back = 1; back <= Math.Min(4, input.Length); back++)
        {
            var b = input[^back];
            if (b < 0x80)
            {
                return input.Length;
            }

            if (b >= 0xC0)
            {
                var needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
                return needed > back ? input.Length - back : input.Length;
            }
        }

        return input.Length;
    }

    /// <summary>
    /// The token loop. It runs once per token outside the containers no selector reaches (those the scanner skips in one
    /// call), so the fields of <paramref name="state"/> it touches on every token live in locals (registers) while it runs
    /// and are stored back once at the end, and the common tokens (property names, ends of containers) are handled in
    /// line; only selected values leave the loop.
    /// </summary>
    private JsonRewriteStatus RewriteTokens(ref JsonScanner scanner, ref RewriteState state, ref int copied, IBufferWriter<byte> output, DeferredHashes? deferred)
    {
        var automaton = _automaton;
        var frames = state.Frames;
        var frameCount = state.FrameCount;
        var skipDepth = state.SkipDepth;
        var passDepth = state.PassDepth;
        var hasPending = state.HasPending;
        var pendingActive = state.PendingActive;
        var pendingRule = state.PendingRule;
        var status = JsonRewriteStatus.Success;
        while (true)
        {
            if (skipDepth >= 0)
            {
                // Inside a redacted container: nothing of it is copied.
                var ended = scanner.SkipToEndAt(skipDepth);
                copied = scanner.BytesConsumed;
                if (!ended)
                {
                    break;
                }

                skipDepth = -1;
                continue;
            }

            if (passDepth >= 0)
            {
                // Inside a container no selector reaches: its bytes are copied as they are; only its end matters.
                if (!scanner.SkipToEndAt(passDepth))
                {
                    break;
                }

                passDepth = -1;
                continue;
            }

            // In an object, the members no selector reaches are passed over without a token each.
            var members = !hasPending && frameCount > 0 && !frames[frameCount - 1].IsArray;
            var read = members ? scanner.SkipToEndAt(frameCount - 1, automaton, frames[frameCount - 1].Active) : scanner.Read();
            if (!read)
            {
                break;
            }

            var token = scanner.Token;
            if (token == JsonScannerToken.PropertyName)
            {
                var parent = frames[frameCount - 1].Active;
                pendingRule = -1;
                pendingActive = SelectorAutomaton.Dead;
                if (members && !scanner.ValueIsEscaped)
                {
                    // The scanner matched it to stop there.
                    pendingActive = scanner.NameTarget;
                    pendingRule = scanner.NameRule;
                }
                else if (parent != SelectorAutomaton.Dead)
                {
                    pendingActive = scanner.ValueIsEscaped
                        ? StepEscapedName(automaton, parent, scanner.ValueSpan, out pendingRule)
                        : automaton.StepName(parent, scanner.ValueSpan, out pendingRule);
                    if (pendingActive < 0)
                    {
                        status = JsonRewriteStatus.Malformed; // a name that unescapes to a lone surrogate
                        break;
                    }
                }

                hasPending = true;
                continue;
            }

            if (token is JsonScannerToken.EndObject or JsonScannerToken.EndArray)
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
                active = parent == SelectorAutomaton.Dead ? SelectorAutomaton.Dead : automaton.StepElement(parent, out rule);
            }

            var isContainer = token is JsonScannerToken.StartObject or JsonScannerToken.StartArray;
            if (rule >= 0)
            {
                status = OnSelectedValue(ref scanner, ref state, _replacers[rule], ref copied, output, deferred, out var handled);
                if (status != JsonRewriteStatus.Success)
                {
                    break;
                }

                if (handled)
                {
                    if (isContainer && _replacers[rule].IsRedact)
                    {
                        skipDepth = scanner.CurrentDepth;
                    }

                    continue;
                }
            }

            if (isContainer)
            {
                if (active == SelectorAutomaton.Dead)
                {
                    passDepth = scanner.CurrentDepth;
                }
                else
                {
                    frames[frameCount++] = new RewriteState.Frame(active, token == JsonScannerToken.StartArray);
                }
            }
        }

        if (status == JsonRewriteStatus.Success)
        {
            status = scanner.Error;
        }

        state.FrameCount = frameCount;
        state.SkipDepth = skipDepth;
        state.PassDepth = passDepth;
        state.HasPending = hasPending;
        state.PendingActive = pendingActive;
        state.PendingRule = pendingRule;
        return status;
    }

    /// <summary>Matches a name with escapes after decoding them; -1 when one decodes to a lone surrogate.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int StepEscapedName(SelectorAutomaton automaton, int parent, ReadOnlySpan<byte> raw, out int selectedRule)
    {
        if (!automaton.HasNames(parent))
        {
            return automaton.StepName(parent, [], out selectedRule); // no name to compare with: nothing to decode
        }

        selectedRule = -1;
        var rented = ArrayPool<byte>.Shared.Rent(raw.Length);
        var length = 0;
        try
        {
            return JsonUnescaper.TryUnescape(raw, rented, out length) ? automaton.StepName(parent, rented.AsSpan(0, length), out selectedRule) : -1;
        }
        finally
        {
            rented.AsSpan(0, length).Clear();
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// A value a rule selects: redacted, or a string replaced. <paramref name="handled"/> is false for a non-string
    /// value a non-redacting rule selects when such values are left as they are; it is then treated as unselected.
    /// </summary>
    private JsonRewriteStatus OnSelectedValue(
        ref JsonScanner scanner, ref RewriteState state, FieldReplacer replacer, ref int copied, IBufferWriter<byte> output, DeferredHashes? deferred, out bool handled)
    {
        handled = true;
        if (replacer.IsRedact)
        {
            Copy(scanner.BytesBeforeToken(copied), ref state, output);
            Copy("null"u8, ref state, output);
            state.ValuesReplaced++;
            copied = scanner.BytesConsumed;
            return JsonRewriteStatus.Success;
        }

        if (scanner.Token == JsonScannerToken.String)
        {
            return ReplaceString(ref scanner, ref state, replacer, ref copied, output, deferred);
        }

        handled = false;
        return _refuseNonStrings ? JsonRewriteStatus.UnsupportedValue : JsonRewriteStatus.Success;
    }

    private static JsonRewriteStatus ReplaceString(
        ref JsonScanner scanner, ref RewriteState state, FieldReplacer replacer, ref int copied, IBufferWriter<byte> output, DeferredHashes? deferred)
    {
        var raw = scanner.ValueSpan;

        // Escaped values are rare; their unescaped form goes to a rented buffer.
        var rented = scanner.ValueIsEscaped ? ArrayPool<byte>.Shared.Rent(raw.Length) : null;
        var length = 0;
        try
        {
            ReadOnlySpan<byte> value;
            if (rented is not null)
            {
                if (!JsonUnescaper.TryUnescape(raw, rented, out length))
                {
                    return JsonRewriteStatus.Malformed; // an escape that decodes to a lone surrogate
                }

                value = rented.AsSpan(0, length);
            }
            else
            {
                value = raw;
            }

            // The untouched bytes before the value and the quoted replacement go out in one write, the replacement
            // written straight into the output (nothing is committed until Advance, so a refused value leaves no trace).
            var before = scanner.BytesBeforeToken(copied);
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
            copied = scanner.BytesConsumed;
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
