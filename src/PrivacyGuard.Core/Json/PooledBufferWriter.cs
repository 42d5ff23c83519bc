using System.Buffers;

namespace PrivacyGuard.Json;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> over arrays rented from <see cref="ArrayPool{T}.Shared"/>, cleared when returned:
/// the part any caller could have written (up to the largest size asked for), not the whole array, so a small document
/// does not pay for clearing a large buffer.
/// </summary>
internal sealed class PooledBufferWriter(int initialCapacity, ArrayPool<byte>? pool = null) : IBufferWriter<byte>, IDisposable
{
    private readonly ArrayPool<byte> _pool = pool ?? ArrayPool<byte>.Shared;
    private byte[] _buffer = (pool ?? ArrayPool<byte>.Shared).Rent(initialCapacity);
    private int _written;
    private int _dirty;

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _written);

    /// <summary>How many bytes have been written.</summary>
    public int WrittenCount => _written;

    /// <summary>The written bytes, writable: the rewriter fills in deferred hash characters here.</summary>
    public Span<byte> WrittenSpan => _buffer.AsSpan(0, _written);

    public void Clear()
    {
        _buffer.AsSpan(0, _dirty).Clear();
        _written = 0;
        _dirty = 0;
    }

    public void Advance(int count) => _written += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    public void Dispose()
    {
        _buffer.AsSpan(0, _dirty).Clear();
        _pool.Return(_buffer);
        _buffer = [];
    }

    private void Ensure(int sizeHint)
    {
        var needed = _written + Math.Max(sizeHint, 1);
        if (needed > _buffer.Length)
        {
            var larger = _pool.Rent(Math.Max(needed, _buffer.Length * 2));
            _buffer.AsSpan(0, _written).CopyTo(larger);
            _buffer.AsSpan(0, _dirty).Clear();
            _pool.Return(_buffer);
            _buffer = larger;
        }

        // Callers write at most what they ask for (the rewriter always asks for exactly what it writes).
        _dirty = Math.Max(_dirty, needed);
    }
}
