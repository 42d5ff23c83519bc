namespace PrivacyGuard.AspNetCore;

/// <summary>Registered by <c>AddAspNetCore()</c>, so <c>UsePrivacyGuard()</c> can tell it was called.</summary>
internal sealed class PrivacyGuardMiddlewareMarker;
