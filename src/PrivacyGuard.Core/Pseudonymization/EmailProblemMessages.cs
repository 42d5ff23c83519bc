namespace PrivacyGuard.Pseudonymization;

/// <summary>Exception messages for <see cref="EmailProblem"/>. They describe the problem and never quote the value.</summary>
internal static class EmailProblemMessages
{
    private const string Prefix = "The value is not a valid e-mail address: ";

    public static string Describe(EmailProblem problem) => problem switch
    {
        EmailProblem.Empty => Prefix + "it is empty or only whitespace.",
        EmailProblem.TooLong => Prefix + $"it is longer than {EmailCanonicalizer.MaxAddressLength} characters.",
        EmailProblem.NoAt => Prefix + "it has no '@'.",
        EmailProblem.MoreThanOneAt => Prefix + "it has more than one '@'.",
        EmailProblem.EmptyLocalPart => Prefix + "the part before the '@' is empty.",
        EmailProblem.EmptyDomain => Prefix + "the domain after the '@' is empty.",
        EmailProblem.ControlCharacter => Prefix + "it contains a control character.",
        EmailProblem.UnpairedSurrogate => Prefix + "it contains an unpaired UTF-16 surrogate.",
        EmailProblem.InvalidUtf8 => Prefix + "it is not valid UTF-8.",
        EmailProblem.InvalidDomain => Prefix + "the domain is not a valid host name (dot-separated labels of 1 to 63 letters, digits or inner hyphens, after IDNA conversion).",
        EmailProblem.DomainTooLong => Prefix + $"the domain is longer than {EmailCanonicalizer.MaxDomainLength} characters after IDNA conversion.",
        _ => Prefix + "it is malformed.",
    };

    /// <summary>The exception for <paramref name="problem"/>.</summary>
    public static PseudonymizationException ToException(EmailProblem problem) => new(Describe(problem));
}
