namespace PrivacyGuard.AspNetCore.Admin;

/// <summary>A request naming one data subject. Subject ids travel in bodies, never in URLs, so they stay out of request logs.</summary>
/// <param name="SubjectId">The data subject's id, as the application stores it.</param>
public sealed record SubjectRequest(string SubjectId);

/// <summary>Restricts a subject's processing.</summary>
/// <param name="SubjectId">The data subject's id.</param>
/// <param name="Reason">Why (Art. 18(1) a–d): <c>AccuracyContested</c>, <c>UnlawfulProcessing</c>, <c>LegalClaims</c>, <c>ObjectionPending</c>.</param>
public sealed record RestrictRequest(string SubjectId, string Reason);

/// <summary>Records or withdraws an objection to one purpose.</summary>
/// <param name="SubjectId">The data subject's id.</param>
/// <param name="Purpose">The purpose objected to, for example <c>Marketing</c>.</param>
public sealed record ObjectionRequest(string SubjectId, string Purpose);

/// <summary>Rectifies one personal-data property of every entity of a subject.</summary>
/// <param name="SubjectId">The data subject's id.</param>
/// <param name="Entity">The entity's CLR type name.</param>
/// <param name="Property">The property's name.</param>
/// <param name="Value">The corrected value (null clears it).</param>
public sealed record RectifyRequest(string SubjectId, string Entity, string Property, string? Value);

/// <summary>The result of a rectification.</summary>
/// <param name="RowsChanged">How many rows changed.</param>
public sealed record RectifyResponse(int RowsChanged);

/// <summary>The access-log token of a subject, for an auditor who knows the subject id.</summary>
/// <param name="SubjectToken">The keyed token under which the subject appears in access events.</param>
public sealed record SubjectTokenResponse(string SubjectToken);
