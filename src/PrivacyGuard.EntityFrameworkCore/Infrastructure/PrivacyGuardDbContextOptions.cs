namespace PrivacyGuard.EntityFrameworkCore;

/// <summary>Per-context settings of PrivacyGuard, given to <c>UsePrivacyGuard</c>.</summary>
public sealed class PrivacyGuardDbContextOptions
{
    /// <summary>
    /// The purpose whose pseudonymization keys produce the tokens this context stores; <see cref="ProcessingPurpose.ServiceDelivery"/>
    /// by default. Tokens of different purposes do not join unless the purposes share a scope.
    /// </summary>
    public ProcessingPurpose DefaultPurpose { get; set; } = ProcessingPurpose.ServiceDelivery;
}
