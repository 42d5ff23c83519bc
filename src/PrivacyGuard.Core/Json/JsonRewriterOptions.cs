namespace PrivacyGuard.Json;

/// <summary>Limits and policies of a <see cref="JsonRewriter"/>; read once when the rewriter is created.</summary>
public sealed class JsonRewriterOptions
{
    /// <summary>The largest input accepted, in bytes (default 1 MiB); larger gives <see cref="JsonRewriteStatus.TooLarge"/>.</summary>
    public int MaxInputBytes { get; set; } = 1024 * 1024;

    /// <summary>The deepest nesting of objects and arrays accepted (default 64; the root object or array is depth 1).</summary>
    public int MaxDepth { get; set; } = 64;

    /// <summary>What to do with a selected value that is not a string.</summary>
    public JsonNonStringValueHandling NonStringValues { get; set; } = JsonNonStringValueHandling.Leave;

    /// <summary>The initial read buffer of <see cref="JsonRewriter.RewriteAsync"/>, in bytes (default 16 KiB); it grows only for a single token longer than itself.</summary>
    public int BufferSize { get; set; } = 16 * 1024;

    internal void Validate()
    {
        if (MaxInputBytes < 1)
        {
            throw new ArgumentException($"{nameof(MaxInputBytes)} must be at least 1 (it is {MaxInputBytes}).", nameof(MaxInputBytes));
        }

        if (MaxDepth is < 1 or > 1000)
        {
            throw new ArgumentException($"{nameof(MaxDepth)} must be between 1 and 1000 (it is {MaxDepth}).", nameof(MaxDepth));
        }

        if (!Enum.IsDefined(NonStringValues))
        {
            throw new ArgumentException($"{nameof(NonStringValues)} must be Leave or Refuse.", nameof(NonStringValues));
        }

        if (BufferSize is < 256 or > 16 * 1024 * 1024)
        {
            throw new ArgumentException($"{nameof(BufferSize)} must be between 256 and 16 MiB (it is {BufferSize}).", nameof(BufferSize));
        }
    }
}
