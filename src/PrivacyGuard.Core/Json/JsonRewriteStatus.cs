namespace PrivacyGuard.Json;

/// <summary>The outcome of one rewrite. Anything but <see cref="Success"/> means the output must be discarded.</summary>
public enum JsonRewriteStatus
{
    /// <summary>The document was rewritten completely.</summary>
    Success = 0,

    /// <summary>The input is not well-formed JSON: a syntax error, trailing content, invalid UTF-8, or an escape that decodes to a lone surrogate in a value the rewriter had to read.</summary>
    Malformed,

    /// <summary>The input nests objects and arrays deeper than <see cref="JsonRewriterOptions.MaxDepth"/>.</summary>
    TooDeep,

    /// <summary>The input is longer than <see cref="JsonRewriterOptions.MaxInputBytes"/>.</summary>
    TooLarge,

    /// <summary>
    /// A selected value cannot take its treatment: a non-string under <see cref="JsonNonStringValueHandling.Refuse"/>, or a
    /// string the pseudonymizer refuses (for example not an e-mail address while invalid input throws).
    /// </summary>
    UnsupportedValue,
}
