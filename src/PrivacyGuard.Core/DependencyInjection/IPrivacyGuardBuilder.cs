namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Returned by <c>AddPrivacyGuard</c>; integration packages (EF Core, ASP.NET Core) add their services to it.
/// </summary>
public interface IPrivacyGuardBuilder
{
    /// <summary>The service collection PrivacyGuard registers into.</summary>
    IServiceCollection Services { get; }
}
