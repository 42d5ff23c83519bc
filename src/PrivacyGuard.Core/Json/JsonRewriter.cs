using System.Buffers;

namespace PrivacyGuard.Json;

/// <summary>
/// Replaces selected values of UTF-8 JSON documents in one forward pass, copying every other byte verbatim. Built once
/// from rules and options; immutable and thread-safe, so one instance serves any number of concurrent rewrites.
/// </summary>
/// <remarks>
/// <para>
/// Only the selected values change: white space, property order, number spelling and string escapes elsewhere are kept
/// byte for byte. A value selected by several rules takes the treatment of the first. Duplicate property names are all
/// rewritten. Pseudonymizers come from <see cref="IPseudonymizerProvider"/> for one <see cref="ProcessingPurpose"/>.
/// </para>
/// <para>
/// Memory: a read buffer of <see cref="JsonRewriterOptions.BufferSize"/> (grown only for a single token longer than it,
/// never past <see cref="JsonRewriterOptions.MaxInputBytes"/>), a frame stack of <see cref="JsonRewriterOptions.MaxDepth"/>
/// entries and a per-block output buffer, all rented from <see cref="ArrayPool{T}.Shared"/> and cleared when returned.
/// Rules with <see cref="PersonalDataCategory.Other"/>-style value pseudonymization allocate one string per replaced value.
/// </para>
/// </remarks>
public sealed partial class JsonRewriter
{
    private readonly SelectorAutomaton _automaton;
    private readonly FieldReplacer[] _replacers;
    private readonly int _maxInputBytes;
    private readonly int _maxDepth;
    private readonly int _bufferSize;
    private readonly bool _refuseNonStrings;

    /// <summary>Whether some rule's treatment hashes (its hashes can then run in lanes).</summary>
    private readonly bool _hashes;

    /// <summary>The largest block rewritten through the scratch buffer (larger ones hash one value at a time).</summary>
    private const int MaxScratchBytes = 64 * 1024;

    private const int ScratchInitialBytes = 4 * 1024;

    [ThreadStatic]
    private static PooledBufferWriter? t_scratch;

    private JsonRewriter(SelectorAutomaton automaton, FieldReplacer[] replacers, JsonRewriterOptions options)
    {
        _automaton = automaton;
        _replacers = replacers;
        _maxInputBytes = options.MaxInputBytes;
        _maxDepth = options.MaxDepth;
        _bufferSize = options.BufferSize;
        _refuseNonStrings = options.NonStringValues == JsonNonStringValueHandling.Refuse;
        _hashes = Array.Exists(replacers, r => r.Hashes);
    }

    /// <summary>The number of rules.</summary>
    public int RuleCount => _replacers.Length;

    /// <summary>Compiles <paramref name="rules"/> into a rewriter whose pseudonymizers are keyed for <paramref name="purpose"/>.</summary>
    /// <exception cref="ArgumentException">No rules, a treatment JSON rewriting does not support, too many selector steps, or invalid options; the message names which.</exception>
    public static JsonRewriter Create(IEnumerable<JsonFieldRule> rules, JsonRewriterOptions options, IPseudonymizerProvider pseudonymizers, ProcessingPurpose purpose)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(pseudonymizers);
        options.Validate();
        var list = rules.ToArray();
        if (list.Length == 0)
        {
            throw new ArgumentException("A JSON rewriter needs at least one rule.", nameof(rules));
        }

        if (Array.IndexOf(list, null) >= 0)
        {
            throw new ArgumentException("The rules contain null.", nameof(rules));
        }

        var automaton = new SelectorAutomaton([.. list.Select(r => r.Selector)]);
        var replacers = list.Select(r => FieldReplacer.Create(r, pseudonymizers, purpose)).ToArray();
        return new JsonRewriter(automaton, replacers, options);
    }

    /// <summary>Rewrites the complete document <paramref name="json"/> to <paramref name="output"/>.</summary>
    /// <remarks>On failure <paramref name="output"/> may hold part of the output; discard it.</remarks>
    public JsonRewriteResult Rewrite(ReadOnlySpan<byte> json, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (json.Length > _maxInputBytes)
        {
            return new JsonRewriteResult(JsonRewriteStatus.TooLarge, 0, 0, 0);
        }

        var state = new RewriteState(_maxDepth);
        try
        {
            var status = RewriteBlock(json, isFinalBlock: true, ref state, output, out var consumed);
            return new JsonRewriteResult(status, consumed, state.BytesWritten, state.ValuesReplaced);
        }
        finally
        {
            state.Release();
        }
    }

    /// <summary>
    /// Reads the document from <paramref name="source"/> as it arrives and writes the rewritten document to
    /// <paramref name="destination"/> block by block. Reading stops at the first error.
    /// </summary>
    /// <remarks>On failure <paramref name="destination"/> may hold part of the output; discard it.</remarks>
    public async ValueTask<JsonRewriteResult> RewriteAsync(Stream source, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        var state = new RewriteState(_maxDepth);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(_bufferSize, _maxInputBytes + 1));
        var output = new PooledBufferWriter(Math.Min(_bufferSize, _maxInputBytes + 1));
        long total = 0;
        var filled = 0;
        var used = 0; // the most of the read buffer ever filled: what is cleared when it goes back to the pool
        var pending = 0; // the bytes of an unfinished token the last block left
        try
        {
            while (true)
            {
                if (filled == buffer.Length)
                {
                    buffer = Grow(buffer, filled);
                    used = filled;
                }

                var read = await source.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                total += read;
                if (total > _maxInputBytes)
                {
                    return new JsonRewriteResult(JsonRewriteStatus.TooLarge, total, state.BytesWritten, state.ValuesReplaced);
                }

                filled += read;
                used = Math.Max(used, filled);
                var isFinal = read == 0;

                // A token the last block could not finish (it is all that block left) is read again only once at least as
                // many bytes have arrived after it, or the buffer is full: a long string, number or run of white space
                // arriving in small pieces then costs linear time, not quadratic.
                if (!isFinal && filled < 2 * pending && filled < buffer.Length)
                {
                    continue;
                }

                var status = RewriteBlock(buffer.AsSpan(0, filled), isFinal, ref state, output, out var consumed);
                if (status != JsonRewriteStatus.Success)
                {
                    return new JsonRewriteResult(status, total, state.BytesWritten, state.ValuesReplaced);
                }

                if (output.WrittenMemory.Length > 0)
                {
                    await destination.WriteAsync(output.WrittenMemory, cancellationToken).ConfigureAwait(false);
                    output.Clear();
                }

                if (isFinal)
                {
                    return new JsonRewriteResult(JsonRewriteStatus.Success, total, state.BytesWritten, state.ValuesReplaced);
                }

                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                buffer.AsSpan(filled - consumed, consumed).Clear();
                filled -= consumed;
                pending = filled;
            }
        }
        finally
        {
            buffer.AsSpan(0, used).Clear();
            ArrayPool<byte>.Shared.Return(buffer);
            output.Dispose();
            state.Release();
        }
    }

    /// <summary>Describes the rewriter by its rule count; it holds no personal data and no keys are shown.</summary>
    public override string ToString() => $"JsonRewriter({_replacers.Length} rules)";

    private byte[] Grow(byte[] buffer, int filled)
    {
        // Only a single token longer than the buffer gets here; the size limit bounds the growth.
        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, (long)_maxInputBytes + 1));
        buffer.AsSpan(0, filled).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        return larger;
    }
}
