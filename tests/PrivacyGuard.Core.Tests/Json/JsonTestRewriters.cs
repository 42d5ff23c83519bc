using System.Buffers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using PrivacyGuard.Json;
using PrivacyGuard.Pseudonymization;

namespace PrivacyGuard.Tests.Json;

/// <summary>Pseudonymizers from the real DI registration with a test key ring, and helpers to rewrite strings.</summary>
internal static class JsonTestRewriters
{
    private static readonly ServiceProvider Throwing = Build(InvalidEmailHandling.Throw, InvalidIpHandling.Throw);
    private static readonly ServiceProvider Lenient = Build(InvalidEmailHandling.TokenOfRawValue, InvalidIpHandling.Unspecified);

    public static IPseudonymizerProvider Pseudonymizers => Throwing.GetRequiredService<IPseudonymizerProvider>();

    public static IPseudonymizerProvider LenientPseudonymizers => Lenient.GetRequiredService<IPseudonymizerProvider>();

    public static JsonRewriter Create(params JsonFieldRule[] rules) => Create(new JsonRewriterOptions(), rules);

    public static JsonRewriter Create(JsonRewriterOptions options, params JsonFieldRule[] rules) =>
        JsonRewriter.Create(rules, options, Pseudonymizers, ProcessingPurpose.ServiceDelivery);

    public static JsonRewriter CreateLenient(params JsonFieldRule[] rules) =>
        JsonRewriter.Create(rules, new JsonRewriterOptions(), LenientPseudonymizers, ProcessingPurpose.ServiceDelivery);

    public static string Email(string address) => Pseudonymizers.GetEmailPseudonymizer(ProcessingPurpose.ServiceDelivery).Pseudonymize(address);

    public static (JsonRewriteResult Result, string Output) Rewrite(this JsonRewriter rewriter, string json) =>
        rewriter.Rewrite(Encoding.UTF8.GetBytes(json));

    public static (JsonRewriteResult Result, string Output) Rewrite(this JsonRewriter rewriter, byte[] json)
    {
        var output = new ArrayBufferWriter<byte>();
        var result = rewriter.Rewrite(json, output);
        return (result, Encoding.UTF8.GetString(output.WrittenSpan));
    }

    public static JsonFieldRule EmailRule(string selector) => JsonFieldRule.Pseudonymize(selector, PersonalDataCategory.Email);

    private static ServiceProvider Build(InvalidEmailHandling email, InvalidIpHandling ip) =>
        new ServiceCollection().AddPrivacyGuard(
            keys =>
            {
                keys.CurrentKeyId = "ka";
                keys.Keys["ka"] = TestKeys.SecretA;
            },
            options =>
            {
                options.Email.InvalidInput = email;
                options.IpAddresses.InvalidInput = ip;
            }).Services.BuildServiceProvider();
}
