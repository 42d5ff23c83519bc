namespace PrivacyGuard.Restriction;

/// <summary>
/// Processing was refused because the data subject is under restriction or objected to the purpose. The message names
/// the purpose and the kind of block, never the subject.
/// </summary>
public sealed class ProcessingRestrictedException : Exception
{
    /// <summary>Creates the exception with a generic message.</summary>
    public ProcessingRestrictedException()
        : base("Processing was refused: a data subject is under restriction or objected to the purpose.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>, which must not hold personal data.</summary>
    public ProcessingRestrictedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and its cause.</summary>
    public ProcessingRestrictedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a block of kind <paramref name="decision"/> on <paramref name="purpose"/>.</summary>
    public ProcessingRestrictedException(ProcessingPurpose purpose, ProcessingDecision decision)
        : base(MessageFor(purpose, decision))
    {
        Purpose = purpose;
        Decision = decision;
    }

    /// <summary>The purpose that was refused.</summary>
    public ProcessingPurpose Purpose { get; }

    /// <summary>The kind of block: <see cref="ProcessingDecision.Restricted"/> or <see cref="ProcessingDecision.Objected"/>.</summary>
    public ProcessingDecision Decision { get; }

    private static string MessageFor(ProcessingPurpose purpose, ProcessingDecision decision) => decision switch
    {
        ProcessingDecision.Restricted =>
            $"Processing for purpose {purpose} was refused: the data subject is under restriction of processing (Art. 18 GDPR); only {ProcessingPurpose.LegalObligation} is allowed, inside an explicit privacy scope.",
        ProcessingDecision.Objected =>
            $"Processing for purpose {purpose} was refused: the data subject objected to this purpose (Art. 21 GDPR).",
        _ => $"Processing for purpose {purpose} was refused.",
    };
}
