namespace PrivacyGuard.Gateway.Policies;

/// <summary>A header or query rule ready to apply: the name and its treatment.</summary>
/// <param name="Name">The header or parameter name.</param>
/// <param name="Treatment">What happens to its values.</param>
internal sealed record CompiledValueRule(string Name, ValueTreatment Treatment);
