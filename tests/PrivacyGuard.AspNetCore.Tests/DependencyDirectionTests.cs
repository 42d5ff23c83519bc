using System.Reflection;

namespace PrivacyGuard.AspNetCore.Tests;

public class DependencyDirectionTests
{
    [Fact]
    public void The_middleware_does_not_reference_EF_Core()
    {
        var references = typeof(PrivacyGuardAspNetCoreAssembly).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();

        Assert.DoesNotContain(references, r => r!.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
        Assert.DoesNotContain("PrivacyGuard.EntityFrameworkCore", references);
    }

    [Fact]
    public void Core_references_neither_ASP_NET_Core_nor_EF_Core()
    {
        var references = typeof(PersonalDataAttribute).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.DoesNotContain(references, r => r.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.DoesNotContain(references, r => r.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
    }
}
