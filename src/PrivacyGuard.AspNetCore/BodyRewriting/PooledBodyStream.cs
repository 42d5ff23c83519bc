using System.Buffers;

namespace PrivacyGuard.AspNetCore.BodyRewriting;

/// <summary>
/// A rewritten body held in memory: a seekable stream over one array rented from <see cref="ArrayPool{T}.Shared"/>,
/// written once by the rewriter, then read by the endpoint (middleware) or forwarded or sent (gateway). It grows by
/// renting a larger array and never past what the rewriter writes, which the body limit bounds. Disposing returns the
/// array, cleared.
/// </summary>
/// <remarks>
/// Instead of <see cref="MemoryStream"/>s (and their growth from 256 bytes), so a body costs no garbage for the collector
/// however many requests are in flight. Shared with the gateway (<c>InternalsVisibleTo</c>).
/// </remarks>
internal sealed class PooledBodyStream : Stream
{
    /// <summary>The first array's size when the body's length is not known.</summary>
    public const int DefaultCapacity = 4096;

    private byte[] _buffer;
    private int _length;
    private int _position;

    /// <summary>A body expected to be about <paramref name="expectedLength"/> bytes long, never more than <paramref name="maxBytes"/>.</summary>
    public PooledBodyStream(long? expectedLength, int maxBytes)
    {
        // Rewritten values may be longer than the originals (an e-mail token): leave room so the array rarely grows.
        var capacity = expectedLength is { } length ? length + (length / 4) + 256 : DefaultCapacity;
        _buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(capacity, 256, Math.Max(256, maxBytes)));
    }

    /// <summary>The bytes written.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _length);

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => true;

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => _position = (int)Math.Clamp(value, 0, _length);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = Math.Min(buffer.Length, _length - _position);
        _buffer.AsSpan(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        cancellationToken.IsCancellationRequested ? ValueTask.FromCanceled<int>(cancellationToken) : ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_buffer.Length == 0, this);
        var end = _position + buffer.Length;
        if (end > _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(end, _buffer.Length * 2));
            _buffer.AsSpan(0, _length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer, clearArray: true);
            _buffer = larger;
        }

        buffer.CopyTo(_buffer.AsSpan(_position));
        _position = end;
        _length = Math.Max(_length, end);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => _length + offset,
    };

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && _buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer, clearArray: true);
            _buffer = [];
            _length = 0;
            _position = 0;
        }

        base.Dispose(disposing);
    }
}
