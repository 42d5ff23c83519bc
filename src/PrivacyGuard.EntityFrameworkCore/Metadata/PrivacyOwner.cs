using Microsoft.EntityFrameworkCore.Metadata;

namespace PrivacyGuard.EntityFrameworkCore.Metadata;

/// <summary>
/// An entity type that owns personal data (directly or further down its ownership chain): the keys its owned types
/// refer to it by, and its own subject id property (null when it is owned itself and passes its owner's on).
/// </summary>
internal sealed record PrivacyOwner(IKey[] Keys, IProperty? SubjectId);
