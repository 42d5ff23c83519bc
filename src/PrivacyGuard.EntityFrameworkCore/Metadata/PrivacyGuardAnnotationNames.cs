namespace PrivacyGuard.EntityFrameworkCore;

/// <summary>Names of the model annotations PrivacyGuard reads and writes on EF Core properties.</summary>
public static class PrivacyGuardAnnotationNames
{
    /// <summary>The prefix of every PrivacyGuard annotation.</summary>
    public const string Prefix = "PrivacyGuard:";

    /// <summary>The <see cref="PersonalDataCategory"/> of a personal-data property.</summary>
    public const string Category = Prefix + "Category";

    /// <summary>The resolved <see cref="PrivacyGuard.Treatment"/> of a personal-data property (never <c>Default</c>).</summary>
    public const string Treatment = Prefix + "Treatment";

    /// <summary>Whether an encrypted property also gets a blind index for equality look-ups.</summary>
    public const string Searchable = Prefix + "Searchable";

    /// <summary>Marks the property that holds the data subject's id (its value selects the subject's key).</summary>
    public const string SubjectId = Prefix + "SubjectId";

    /// <summary>On a blind-index shadow property: the name of the encrypted property it indexes.</summary>
    public const string BlindIndexFor = Prefix + "BlindIndexFor";

    /// <summary>On an entity type: how long its rows are kept (a <see cref="System.TimeSpan"/>).</summary>
    public const string RetentionPeriod = Prefix + "RetentionPeriod";

    /// <summary>On an entity type: the name of the property a row's retention age is measured from.</summary>
    public const string RetentionTimestamp = Prefix + "RetentionTimestamp";

    /// <summary>The suffix of the shadow property holding a searchable property's blind index.</summary>
    public const string BlindIndexSuffix = "BlindIndex";
}
