namespace PrivacyGuard;

/// <summary>
/// Marks the property that identifies the person (the data subject) a record belongs to. Per-subject
/// keys, restriction and the subject-rights API key off its value.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class DataSubjectIdAttribute : Attribute
{
}
