namespace PrivacyGuard.EntityFrameworkCore;

/// <summary>Table and notification channel names that hand-written SQL refers to.</summary>
internal static class StoreTables
{
    public const string SubjectKeys = "subject_keys";

    public const string ShreddedSubjects = "shredded_subjects";

    public const string Restrictions = "restrictions";

    public const string Objections = "objections";

    public const string AccessEvents = "access_events";

    public const string AccessLogHeads = "access_log_heads";

    /// <summary>The PostgreSQL <c>NOTIFY</c> channel on which restrictions and objections changes are announced.</summary>
    public const string RestrictionChannel = "privacyguard_restrictions";

    /// <summary>The PostgreSQL <c>NOTIFY</c> channel on which data key deletions and re-wrappings are announced.</summary>
    public const string DataKeyChannel = "privacyguard_data_keys";
}
