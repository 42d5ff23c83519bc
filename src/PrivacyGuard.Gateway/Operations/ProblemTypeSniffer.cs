using System.Text.Json;

namespace PrivacyGuard.Gateway.Operations;

/// <summary>
/// A write-through response stream that keeps a copy of the first bytes written, enough to read the <c>type</c> of a
/// problem response. The copy's buffer is taken on the first write, so a request that writes nothing through it (one
/// that passed the edge) costs no buffer.
/// </summary>
internal sealed class ProblemTypeSniffer(Stream inner) : Stream
{
    private const int Capacity = 512;
    private byte[]? _head;
    private int _length;

    /// <summary>The stream written through (the response's own body stream).</summary>
    public Stream Inner => inner;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>The <c>type</c> member of the problem object written so far, if it was within the first bytes.</summary>
    public string? ProblemType()
    {
        if (_head is null)
        {
            return null;
        }

        var reader = new Utf8JsonReader(_head.AsSpan(0, _length), isFinalBlock: false, default);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.CurrentDepth == 1)
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("type"u8))
                {
                    return reader.Read() && reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }

                if (reader.TokenType == JsonTokenType.PropertyName && !reader.TrySkip())
                {
                    return null;
                }
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Keep(buffer);
        inner.Write(buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Keep(buffer.Span);
        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private void Keep(ReadOnlySpan<byte> buffer)
    {
        _head ??= new byte[Capacity];
        var count = Math.Min(buffer.Length, Capacity - _length);
        buffer[..count].CopyTo(_head.AsSpan(_length));
        _length += count;
    }
}
