using Microsoft.Extensions.Compliance.Classification;

namespace PrivacyGuard.AspNetCore.Logging;

/// <summary>
/// Classifies a log method parameter or a <c>[LogProperties]</c> member as a user name or handle: the same classification as
/// <c>[PersonalData(PersonalDataCategory.UserName)]</c>, with the parameterless constructor that the
/// <c>Microsoft.Extensions.Telemetry</c> <c>[LoggerMessage]</c> generator requires (it creates classification attributes
/// with <c>new T()</c>, so it cannot use <see cref="PersonalDataAttribute"/>'s category argument).
/// </summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false)]
public sealed class PersonalUserNameAttribute : DataClassificationAttribute
{
    /// <summary>Classifies the member as <see cref="PersonalDataCategory.UserName"/>.</summary>
    public PersonalUserNameAttribute()
        : base(PersonalDataAttribute.Classify(PersonalDataCategory.UserName))
    {
    }
}
