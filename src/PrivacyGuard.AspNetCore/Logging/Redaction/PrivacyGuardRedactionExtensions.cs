using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;
using PrivacyGuard;
using PrivacyGuard.AspNetCore.Logging.Redaction;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers redactors for PrivacyGuard's data classifications with <c>Microsoft.Extensions.Compliance</c>, so that
/// <c>[LoggerMessage]</c> parameters and <c>[LogProperties]</c> members marked <see cref="PersonalDataAttribute"/> are
/// logged redacted when the logging builder has <c>EnableRedaction()</c>.
/// </summary>
public static class PrivacyGuardRedactionExtensions
{
    /// <summary>
    /// Maps PrivacyGuard's classifications to redactors: <see cref="PersonalDataCategory.Email"/> → keyed e-mail token;
    /// <see cref="PersonalDataCategory.IpAddress"/> → the IP pseudonymizer's output; <see cref="PersonalDataCategory.Name"/>,
    /// <see cref="PersonalDataCategory.UserName"/> and <see cref="PersonalDataCategory.Other"/> → keyed value token;
    /// <see cref="PersonalDataCategory.FreeText"/> and <see cref="PersonalDataCategory.AccountSettings"/> → erased. A value
    /// that cannot be tokenized becomes <c>[redacted:Category]</c>. Needs an <see cref="IPseudonymizerProvider"/> (from
    /// <c>AddPrivacyGuard</c>). Other taxonomies are left to the application's own redaction set-up.
    /// </summary>
    /// <param name="builder">The redaction builder.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IRedactionBuilder SetPrivacyGuardRedactors(this IRedactionBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<PrivacyGuardRedactionOptions>();
        return builder
            .SetRedactor<EmailTokenRedactor>(Set(PersonalDataCategory.Email))
            .SetRedactor<IpAddressTokenRedactor>(Set(PersonalDataCategory.IpAddress))
            .SetRedactor<ValueTokenRedactor>(Set(PersonalDataCategory.Name), Set(PersonalDataCategory.UserName), Set(PersonalDataCategory.Other))
            .SetRedactor<ErasingRedactor>(Set(PersonalDataCategory.FreeText), Set(PersonalDataCategory.AccountSettings));
    }

    /// <summary>
    /// Adds <c>Microsoft.Extensions.Compliance</c> redaction with PrivacyGuard's redactors
    /// (<see cref="SetPrivacyGuardRedactors"/>). Turn it on for logging with <c>ILoggingBuilder.EnableRedaction()</c>
    /// (package <c>Microsoft.Extensions.Telemetry</c>).
    /// </summary>
    /// <param name="builder">The PrivacyGuard builder.</param>
    /// <param name="configure">Adjusts the redaction options (the purpose whose keys make the tokens).</param>
    /// <returns>The builder, for chaining.</returns>
    public static IPrivacyGuardBuilder AddLogRedaction(this IPrivacyGuardBuilder builder, Action<PrivacyGuardRedactionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddRedaction(static redaction => redaction.SetPrivacyGuardRedactors());
        if (configure is not null)
        {
            builder.Services.Configure(configure);
        }

        return builder;
    }

    private static DataClassificationSet Set(PersonalDataCategory category) => new(PersonalDataAttribute.Classify(category));
}
