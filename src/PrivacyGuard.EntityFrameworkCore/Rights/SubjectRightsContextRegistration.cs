namespace PrivacyGuard.EntityFrameworkCore.Rights;

/// <summary>One DbContext type the subject-rights service covers (registered once per <c>AddSubjectRights</c> call).</summary>
internal sealed record SubjectRightsContextRegistration(Type ContextType);
