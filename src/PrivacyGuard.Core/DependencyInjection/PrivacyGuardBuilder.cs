namespace Microsoft.Extensions.DependencyInjection;

internal sealed class PrivacyGuardBuilder(IServiceCollection services) : IPrivacyGuardBuilder
{
    public IServiceCollection Services { get; } = services;
}
