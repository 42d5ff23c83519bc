namespace PrivacyGuard.AspNetCore.Purposes;

/// <summary>
/// Declares the purpose a controller, action or route handler processes personal data for, for example
/// <c>[RequiresPurpose("Marketing")]</c>. The most specific declaration wins (an action's over its controller's).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class RequiresPurposeAttribute : Attribute, IRequiresPurposeMetadata
{
    /// <summary>Declares the purpose named <paramref name="purpose"/> (a well-known purpose in any case, or a custom name).</summary>
    /// <exception cref="ArgumentException">The name is not a valid purpose name.</exception>
    public RequiresPurposeAttribute(string purpose) => Purpose = ProcessingPurpose.Create(purpose);

    /// <summary>Declares <paramref name="purpose"/>.</summary>
    public RequiresPurposeAttribute(ProcessingPurpose purpose) => Purpose = purpose;

    /// <inheritdoc />
    public ProcessingPurpose Purpose { get; }

    /// <summary>The purpose's name.</summary>
    public string PurposeName => Purpose.Name;
}
