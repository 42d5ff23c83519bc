using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PrivacyGuard.AspNetCore.BodyRewriting;
using PrivacyGuard.Tests;

namespace PrivacyGuard.AspNetCore.Tests.BodyRewriting;

public class JsonRewriterCacheTests
{
    [Fact]
    public void Rewriters_are_compiled_once_per_endpoint_and_purpose()
    {
        using var services = new ServiceCollection().AddPrivacyGuard(keys =>
        {
            keys.CurrentKeyId = "ka";
            keys.Keys["ka"] = TestKeys.SecretA;
        }).Services.BuildServiceProvider();
        var cache = new JsonRewriterCache(services.GetRequiredService<IPseudonymizerProvider>(), Options.Create(new JsonBodyRewritingOptions()));
        IJsonBodyRulesMetadata[] rules = [JsonBodyRulesMetadata.Pseudonymize(["$.email"])];
        var first = new Endpoint(null, new EndpointMetadataCollection(rules), "first");
        var second = new Endpoint(null, new EndpointMetadataCollection(rules), "second");

        var a = cache.Get(first, rules, ProcessingPurpose.ServiceDelivery);

        Assert.Same(a, cache.Get(first, rules, ProcessingPurpose.Create("servicedelivery")));
        Assert.NotSame(a, cache.Get(first, rules, ProcessingPurpose.Marketing));
        Assert.NotSame(a, cache.Get(second, rules, ProcessingPurpose.ServiceDelivery));
    }
}
