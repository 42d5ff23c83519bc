namespace PrivacyGuard;

/// <summary>What erasing a data subject does to the rows of an entity type, after the subject key is shredded.</summary>
public enum ErasureAction
{
    /// <summary>The rows are deleted.</summary>
    Delete = 0,

    /// <summary>
    /// The rows are kept and their personal-data properties are cleared: nullable ones are set to null (blind indexes
    /// too); required encrypted ones keep their ciphertext, unreadable once the key is shredded (they read as null);
    /// required pseudonymized ones keep their one-way token.
    /// </summary>
    Anonymize = 1,
}
