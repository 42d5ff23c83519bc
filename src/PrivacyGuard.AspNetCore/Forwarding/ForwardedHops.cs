using System.Runtime.CompilerServices;

namespace PrivacyGuard.AspNetCore.Forwarding;

/// <summary>
/// The right-most <see cref="Capacity"/> hops of a forwarding header, in a fixed inline buffer (no heap allocation).
/// Hops further left are counted but dropped: trust is decided from the right, and a chain of more trusted proxies than
/// this is not a deployment anyone runs.
/// </summary>
internal struct ForwardedHops
{
    /// <summary>How many right-most hops are kept.</summary>
    public const int Capacity = 16;

    private Buffer _buffer;

    /// <summary>How many hops the header listed, kept or not.</summary>
    public int Total { get; private set; }

    /// <summary>How many hops are kept.</summary>
    public readonly int Count => Math.Min(Total, Capacity);

    /// <summary>Whether hops further left than the kept ones were dropped.</summary>
    public readonly bool Truncated => Total > Capacity;

    /// <summary>Appends a hop on the right.</summary>
    public void Add(ForwardedNode node)
    {
        _buffer[Total % Capacity] = node;
        Total++;
    }

    /// <summary>The kept hop <paramref name="index"/> places from the right (0 is the right-most).</summary>
    public readonly ForwardedNode FromRight(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return _buffer[(Total - 1 - index) % Capacity];
    }

    [InlineArray(Capacity)]
    private struct Buffer
    {
        private ForwardedNode _element;
    }
}
