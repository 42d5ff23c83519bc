using System.Buffers;

namespace PrivacyGuard.Json;

/// <summary>Everything a rewrite carries from one input block to the next.</summary>
internal struct RewriteState
{
    public JsonScannerState Scanner;

    /// <summary>The containers the reader is inside: their selector automaton states and whether each is an array.</summary>
    public Frame[] Frames;
    public int FrameCount;

    /// <summary>Set by a property name for the value that follows it.</summary>
    public bool HasPending;
    public int PendingActive;
    public int PendingRule;

    /// <summary>The depth of a redacted object or array being skipped, or -1.</summary>
    public int SkipDepth;

    /// <summary>The depth of a container no selector reaches, copied through without tracking its children, or -1.</summary>
    public int PassDepth;

    public long BytesWritten;
    public int ValuesReplaced;

    public RewriteState(int maxDepth)
    {
        Scanner = default;
        Frames = ArrayPool<Frame>.Shared.Rent(maxDepth + 1);
        FrameCount = 0;
        HasPending = false;
        PendingActive = SelectorAutomaton.Dead;
        PendingRule = -1;
        SkipDepth = -1;
        PassDepth = -1;
        BytesWritten = 0;
        ValuesReplaced = 0;
    }

    public readonly void Release() => ArrayPool<Frame>.Shared.Return(Frames);

    internal readonly record struct Frame(int Active, bool IsArray);
}
