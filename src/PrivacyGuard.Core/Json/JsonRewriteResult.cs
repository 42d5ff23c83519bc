namespace PrivacyGuard.Json;

/// <summary>The outcome of a rewrite: a status and counters; never any part of the document.</summary>
/// <param name="Status">Success, or why the rewrite stopped.</param>
/// <param name="BytesRead">Input bytes read (all of them on success).</param>
/// <param name="BytesWritten">Output bytes written (on failure, output written before the rewrite stopped).</param>
/// <param name="ValuesReplaced">Selected values replaced.</param>
public readonly record struct JsonRewriteResult(JsonRewriteStatus Status, long BytesRead, long BytesWritten, int ValuesReplaced)
{
    /// <summary>True when <see cref="Status"/> is <see cref="JsonRewriteStatus.Success"/>.</summary>
    public bool IsSuccess => Status == JsonRewriteStatus.Success;
}
