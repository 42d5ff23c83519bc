using System.Security.Cryptography;

namespace PrivacyGuard.Pseudonymization;

/// <summary>
/// Pseudonym hashes whose computation waits until up to <see cref="Blake2bKeyed.LaneCount"/> are collected, then runs
/// them together in lanes (<see cref="Blake2bKeyed.ComputeLanes"/>). A pseudonymizer writes its token with a
/// placeholder where the hash characters go and hands the message here; <see cref="Complete"/> writes the hash
/// characters over the placeholders. Used by one thread at a time, between <see cref="Rent"/> and <see cref="Return"/>;
/// the messages (personal data) are wiped as soon as they are hashed or discarded.
/// </summary>
internal sealed class DeferredHashes
{
    private const int SlotSize = Blake2bKeyed.MaxLaneMessageLength;

    [ThreadStatic]
    private static DeferredHashes? t_cached;

    private readonly byte[] _slots = GC.AllocateArray<byte>(Blake2bKeyed.LaneCount * SlotSize, pinned: true);
    private readonly int[] _lengths = new int[Blake2bKeyed.LaneCount];
    private readonly Blake2bKeyed?[] _keys = new Blake2bKeyed?[Blake2bKeyed.LaneCount];
    private readonly int[] _targets = new int[Blake2bKeyed.LaneCount];
    private int _count;

    private DeferredHashes()
    {
    }

    /// <summary>The number of hashes waiting.</summary>
    public int Count => _count;

    /// <summary>Whether no more hashes can wait: <see cref="Complete"/> must run before the next <see cref="TryAdd"/>.</summary>
    public bool IsFull => _count == Blake2bKeyed.LaneCount;

    /// <summary>This thread's instance, or null when the processor does not hash in lanes (then nothing waits).</summary>
    public static DeferredHashes? Rent()
    {
        if (!Blake2bKeyed.LanesAccelerated)
        {
            return null;
        }

        var cached = t_cached;
        t_cached = null;
        return cached ?? new DeferredHashes();
    }

    /// <summary>Gives the instance back to this thread, discarding anything still waiting.</summary>
    public static void Return(DeferredHashes deferred)
    {
        deferred.Discard();
        t_cached = deferred;
    }

    /// <summary>
    /// Queues the hash of <paramref name="message"/> under <paramref name="hash"/>'s key; false when it cannot wait (it
    /// is empty or longer than one block, or the queue is full), and the caller hashes it at once. After a true return
    /// the caller names, with <see cref="SetTarget"/>, where the 26 hash characters go.
    /// </summary>
    public bool TryAdd(KeyedHash hash, ReadOnlySpan<byte> message)
    {
        if (IsFull || message.IsEmpty || message.Length > SlotSize)
        {
            return false;
        }

        message.CopyTo(_slots.AsSpan(_count * SlotSize));
        _lengths[_count] = message.Length;
        _keys[_count] = hash.Blake2b;
        _targets[_count] = -1;
        _count++;
        return true;
    }

    /// <summary>Where the last queued hash's characters go, as an offset into what <see cref="Complete"/> is given.</summary>
    public void SetTarget(int offset) => _targets[_count - 1] = offset;

    /// <summary>Computes the waiting hashes and writes each, in base32, at its target in <paramref name="output"/>.</summary>
    public void Complete(Span<byte> output)
    {
        if (_count == 0)
        {
            return;
        }

        Span<byte> hashes = stackalloc byte[Blake2bKeyed.LaneCount * Blake2bKeyed.OutputSize];
        Blake2bKeyed.ComputeLanes(_keys.AsSpan(0, _count)!, _slots, _lengths.AsSpan(0, _count), hashes);
        for (var i = 0; i < _count; i++)
        {
            Base32Lower.Encode16(hashes.Slice(i * Blake2bKeyed.OutputSize, Blake2bKeyed.OutputSize), output[_targets[i]..]);
        }

        CryptographicOperations.ZeroMemory(hashes);
        Discard();
    }

    /// <summary>Drops the waiting hashes and wipes their messages.</summary>
    public void Discard()
    {
        CryptographicOperations.ZeroMemory(_slots.AsSpan(0, _count * SlotSize));
        Array.Clear(_keys);
        _count = 0;
    }
}
