using System.Runtime.CompilerServices;

namespace PrivacyGuard.Json;

/// <summary>What <see cref="JsonScanner"/> carries from one input block to the next: the open containers and what may come next.</summary>
internal struct JsonScannerState
{
    /// <summary>The number of open objects and arrays.</summary>
    public int Depth;

    public JsonScannerExpectation Expect;

    /// <summary>Whether a token was read (an empty or white-space-only document is malformed).</summary>
    public bool SawToken;

    /// <summary>One bit per open container, set for an object: enough for <see cref="JsonRewriterOptions"/>' deepest limit.</summary>
    public ContainerBits Containers;

    public const int MaxDepth = ContainerBits.Words * 64;

    /// <summary>Whether the innermost open container is an object.</summary>
    public bool TopIsObject;

    public readonly bool IsObjectAt(int depth) => (Containers[depth >> 6] >> (depth & 63) & 1) != 0;

    public void SetObjectAt(int depth, bool isObject)
    {
        ref var word = ref Containers[depth >> 6];
        var bit = 1UL << (depth & 63);
        word = isObject ? word | bit : word & ~bit;
    }

    public void Push(bool isObject)
    {
        SetObjectAt(Depth, isObject);
        Depth++;
        TopIsObject = isObject;
    }

    public void Pop()
    {
        Depth--;
        TopIsObject = Depth > 0 && IsObjectAt(Depth - 1);
    }

    [InlineArray(Words)]
    internal struct ContainerBits
    {
        public const int Words = 16;

        private ulong _word;
    }
}

/// <summary>
/// What the next token of a <see cref="JsonScanner"/> may be. The order matters: the expectations that allow a value come
/// first and those that allow a string next, so the scanner tests either with one comparison.
/// </summary>
internal enum JsonScannerExpectation : byte
{
    /// <summary>A value: the root, after a property name, or after a comma in an array.</summary>
    Value,

    /// <summary>A value or the end of the array just opened.</summary>
    ValueOrEndArray,

    /// <summary>A property name or the end of the object just opened.</summary>
    NameOrEndObject,

    /// <summary>A property name, after a comma in an object.</summary>
    Name,

    /// <summary>A comma or the end of the enclosing container, after a value in it.</summary>
    CommaOrEnd,

    /// <summary>Nothing but white space: the root value is complete.</summary>
    Done,
}
