using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PrivacyGuard.EntityFrameworkCore.Interception;
using PrivacyGuard.EntityFrameworkCore.Metadata;

namespace PrivacyGuard.EntityFrameworkCore.Infrastructure;

/// <summary>
/// The immutable options extension <c>UsePrivacyGuard</c> adds: it registers the personal-data convention and the
/// decrypting materializer source in EF Core's internal service provider and carries the application's PrivacyGuard services and the context's purpose to the
/// interceptors.
/// </summary>
internal sealed class PrivacyGuardOptionsExtension(IServiceProvider applicationServices, ProcessingPurpose defaultPurpose) : IDbContextOptionsExtension
{
    private ExtensionInfo? _info;

    /// <summary>
    /// The application's PrivacyGuard services (singletons), resolved when the extension is created; the provider
    /// itself is not kept, so passing a scoped provider (as <c>AddDbContext</c> does) captures nothing scoped.
    /// </summary>
    public PrivacyGuardEntityServices Services { get; } = applicationServices.GetService<PrivacyGuardEntityServices>()
        ?? throw new InvalidOperationException(
            "PrivacyGuard's EF Core services are not registered: call services.AddPrivacyGuard(...).AddPrivacyStore(...).AddEntityFrameworkCore().");

    public ProcessingPurpose DefaultPurpose { get; } = defaultPurpose;

    public DbContextOptionsExtensionInfo Info => _info ??= new ExtensionInfo(this);

    public void ApplyServices(IServiceCollection services)
    {
        new EntityFrameworkServicesBuilder(services).TryAdd<IConventionSetPlugin, PersonalDataConventionSetPlugin>();

        // Replaces the relational provider's materializer source whether the provider's services were added before
        // this extension's or come after (they are added with TryAdd).
        services.Replace(ServiceDescriptor.Singleton<IStructuralTypeMaterializerSource, PersonalDataMaterializerSource>());
    }

    public void Validate(IDbContextOptions options)
    {
    }

    /// <summary>The extension of <paramref name="context"/>; throws when the context was not configured with <c>UsePrivacyGuard</c>.</summary>
    public static PrivacyGuardOptionsExtension Of(DbContext context) =>
        context.GetService<IDbContextOptions>().FindExtension<PrivacyGuardOptionsExtension>()
        ?? throw new InvalidOperationException($"{context.GetType().Name} is not configured with UsePrivacyGuard(...).");

    private sealed class ExtensionInfo(IDbContextOptionsExtension extension) : DbContextOptionsExtensionInfo(extension)
    {
        public override bool IsDatabaseProvider => false;

        public override string LogFragment => "using PrivacyGuard ";

        // The internal services (one stateless convention plugin) are the same for every configuration.
        public override int GetServiceProviderHashCode() => 0;

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) => other is ExtensionInfo;

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo) =>
            debugInfo["PrivacyGuard"] = "1";
    }
}
