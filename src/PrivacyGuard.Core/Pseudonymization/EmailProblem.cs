namespace PrivacyGuard.Pseudonymization;

/// <summary>Why a value is not a valid e-mail address; <see cref="None"/> when it is.</summary>
internal enum EmailProblem
{
    None = 0,
    Empty,
    TooLong,
    NoAt,
    MoreThanOneAt,
    EmptyLocalPart,
    EmptyDomain,
    ControlCharacter,
    UnpairedSurrogate,
    InvalidUtf8,
    InvalidDomain,
    DomainTooLong,
}
