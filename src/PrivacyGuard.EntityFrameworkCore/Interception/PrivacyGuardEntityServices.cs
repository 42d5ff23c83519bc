using PrivacyGuard.AccessLog;
using PrivacyGuard.Encryption;
using PrivacyGuard.Restriction;

namespace PrivacyGuard.EntityFrameworkCore.Interception;

/// <summary>
/// The application's PrivacyGuard services the interceptors work with, resolved once per application. The
/// interceptors themselves are process-wide and stateless, so every context of every application shares one EF Core
/// internal service provider; they reach these services through the context's options.
/// </summary>
internal sealed class PrivacyGuardEntityServices(
    SubjectKeyService keys,
    FieldEncryptor encryptor,
    IPseudonymizerProvider pseudonymizers,
    BlindIndexProvider blindIndexes,
    ErasedValues erased,
    IRestrictionRegistry restrictions,
    IPrivacyScope scope,
    IAccessLog accessLog)
{
    /// <summary>The access log every save and query records to.</summary>
    public IAccessLog AccessLog { get; } = accessLog;

    public IRestrictionRegistry Restrictions { get; } = restrictions;

    public IPrivacyScope Scope { get; } = scope;

    public SubjectKeyService Keys { get; } = keys;

    public FieldEncryptor Encryptor { get; } = encryptor;

    public IPseudonymizerProvider Pseudonymizers { get; } = pseudonymizers;

    public BlindIndexProvider BlindIndexes { get; } = blindIndexes;

    public ErasedValues Erased { get; } = erased;
}
