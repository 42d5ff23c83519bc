using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PrivacyGuard.Restriction;

namespace PrivacyGuard.Tests.Restriction;

public class PrivacyScopeTests
{
    private static PrivacyScope Create(Action<PrivacyScopeOptions>? configure = null)
    {
        var options = new PrivacyScopeOptions();
        configure?.Invoke(options);
        return new PrivacyScope(Options.Create(options));
    }

    [Fact]
    public void Outside_any_scope_the_default_purpose_applies()
    {
        var scope = Create();

        Assert.Null(scope.CurrentPurpose);
        Assert.Null(scope.CurrentActor);
        Assert.Equal(ProcessingPurpose.ServiceDelivery, scope.EffectivePurpose);
        Assert.Equal(ProcessingPurpose.Security, Create(o => o.DefaultPurpose = ProcessingPurpose.Security).EffectivePurpose);
    }

    [Fact]
    public void Scopes_nest_and_disposing_one_restores_the_enclosing_scope()
    {
        var scope = Create();
        using (scope.BeginScope(ProcessingPurpose.Marketing, "newsletter"))
        {
            Assert.Equal(ProcessingPurpose.Marketing, scope.EffectivePurpose);
            using (scope.BeginScope(ProcessingPurpose.LegalObligation, "auditor"))
            {
                Assert.Equal(ProcessingPurpose.LegalObligation, scope.CurrentPurpose);
                Assert.Equal("auditor", scope.CurrentActor);
            }

            Assert.Equal(ProcessingPurpose.Marketing, scope.CurrentPurpose);
            Assert.Equal("newsletter", scope.CurrentActor);
        }

        Assert.Null(scope.CurrentPurpose);
    }

    [Fact]
    public async Task A_scope_flows_into_awaited_work_and_one_begun_in_a_child_task_does_not_leak_out()
    {
        var scope = Create();
        using (scope.BeginScope(ProcessingPurpose.Security, "scanner"))
        {
            await Task.Yield();
            Assert.Equal(ProcessingPurpose.Security, scope.CurrentPurpose);
            await Task.Run(() =>
            {
                Assert.Equal(ProcessingPurpose.Security, scope.CurrentPurpose);
                _ = scope.BeginScope(ProcessingPurpose.Marketing, "child");
            }, TestContext.Current.CancellationToken);
            Assert.Equal(ProcessingPurpose.Security, scope.CurrentPurpose);
        }
    }

    [Fact]
    public void With_RequireScope_processing_outside_any_scope_is_refused_with_a_clear_message()
    {
        var scope = Create(o => o.RequireScope = true);

        var e = Assert.Throws<PrivacyScopeRequiredException>(() => scope.EffectivePurpose);
        Assert.Contains("RequireScope", e.Message, StringComparison.Ordinal);
        Assert.Contains("BeginScope", e.Message, StringComparison.Ordinal);
        using (scope.BeginScope(ProcessingPurpose.ServiceDelivery, "app"))
        {
            Assert.Equal(ProcessingPurpose.ServiceDelivery, scope.EffectivePurpose);
        }
    }

    [Fact]
    public void A_scope_needs_an_actor() =>
        Assert.Throws<ArgumentException>(() => Create().BeginScope(ProcessingPurpose.Marketing, " "));

    [Fact]
    public void LegalObligation_cannot_be_the_default_purpose()
    {
        var services = new ServiceCollection();
        services.AddPrivacyGuard(keys =>
        {
            keys.CurrentKeyId = "ka";
            keys.Keys["ka"] = TestKeys.SecretA;
        }).ConfigureScopes(o => o.DefaultPurpose = ProcessingPurpose.LegalObligation);
        using var provider = services.BuildServiceProvider();

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PrivacyScopeOptions>>().Value);
        Assert.Contains("LegalObligation", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddPrivacyGuard_registers_one_scope_accessor()
    {
        var services = new ServiceCollection();
        services.AddPrivacyGuard(keys =>
        {
            keys.CurrentKeyId = "ka";
            keys.Keys["ka"] = TestKeys.SecretA;
        });
        using var provider = services.BuildServiceProvider();

        Assert.Same(provider.GetRequiredService<IPrivacyScope>(), provider.GetRequiredService<IPrivacyScope>());
    }
}
