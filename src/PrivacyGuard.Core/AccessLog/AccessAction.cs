namespace PrivacyGuard.AccessLog;

/// <summary>What was done to personal data, as recorded in an <see cref="AccessEvent"/>.</summary>
public enum AccessAction
{
    /// <summary>Personal data was read (a query, a request carrying it, a response returning it).</summary>
    Read = 0,

    /// <summary>Personal data was written (inserted or updated).</summary>
    Write,

    /// <summary>Rows holding personal data were deleted.</summary>
    Delete,

    /// <summary>A subject's data was exported (access and portability).</summary>
    Export,

    /// <summary>A subject's data was rectified.</summary>
    Rectify,

    /// <summary>A subject was erased (key shredded, rows deleted or anonymized).</summary>
    Erase,

    /// <summary>Processing of a subject's data was restricted.</summary>
    Restrict,

    /// <summary>A restriction was lifted.</summary>
    LiftRestriction,

    /// <summary>A subject objected to a purpose.</summary>
    RecordObjection,

    /// <summary>An objection was withdrawn.</summary>
    WithdrawObjection,

    /// <summary>Expired rows were purged by retention.</summary>
    Purge,

    /// <summary>The access log itself was queried, verified, or a subject token computed for an auditor.</summary>
    Audit,
}
