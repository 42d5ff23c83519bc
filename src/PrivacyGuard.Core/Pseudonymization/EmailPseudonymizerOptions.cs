namespace PrivacyGuard.Pseudonymization;

/// <summary>How <see cref="EmailPseudonymizer"/> canonicalizes addresses and formats its tokens.</summary>
public sealed class EmailPseudonymizerOptions
{
    /// <summary>
    /// Lower-case the local part (before the <c>@</c>) so that <c>Jane@x.org</c> and <c>jane@x.org</c> get one token.
    /// Default <see langword="true"/>: RFC 5321 lets a server treat local parts as case-sensitive, but the mailbox
    /// providers people actually use treat them case-insensitively, so two spellings almost always mean one person.
    /// Turn it off only for a mail system known to distinguish them.
    /// </summary>
    public bool FoldLocalPartCase { get; set; } = true;

    /// <summary>
    /// Remove a <c>+tag</c> from the local part (<c>jane+news@x.org</c> becomes <c>jane@x.org</c>): everything from
    /// the first <c>+</c> that is not the first character up to the <c>@</c>. Default <see langword="false"/>: sub-addressing
    /// is common (Gmail, Outlook, Fastmail) but not universal, and on other providers <c>+</c> is an ordinary character.
    /// </summary>
    public bool RemovePlusTag { get; set; }

    /// <summary>What replaces the address. Default <see cref="EmailTokenFormat.TokenAtPseudonymizedDomain"/>.</summary>
    public EmailTokenFormat Format { get; set; } = EmailTokenFormat.TokenAtPseudonymizedDomain;

    /// <summary>What to do with a value that is not a valid address. Default <see cref="InvalidEmailHandling.Throw"/>.</summary>
    public InvalidEmailHandling InvalidInput { get; set; } = InvalidEmailHandling.Throw;
}
