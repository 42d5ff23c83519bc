namespace PrivacyGuard;

/// <summary>
/// Chooses what erasing a data subject does to an entity type's rows. Without it: <see cref="ErasureAction.Delete"/>
/// when the entity's primary key is its data subject id (the row <em>is</em> the subject, e.g. an account), otherwise
/// <see cref="ErasureAction.Anonymize"/> (the row records something else, e.g. an order, that may have to be kept).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class OnErasureAttribute(ErasureAction action) : Attribute
{
    /// <summary>The action.</summary>
    public ErasureAction Action { get; } = action;
}
