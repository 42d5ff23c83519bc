using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.DependencyInjection;
using PrivacyGuard.Pseudonymization;

namespace PrivacyGuard.AspNetCore.Tests.Logging;

public sealed class RedactorTests : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly IRedactorProvider _redactors;
    private readonly IPseudonymizerProvider _pseudonymizers;

    public RedactorTests()
    {
        var services = new ServiceCollection();
        services.AddTestPrivacyGuard().AddLogRedaction(o => o.Purpose = ProcessingPurpose.Security);
        _services = services.BuildServiceProvider();
        _redactors = _services.GetRequiredService<IRedactorProvider>();
        _pseudonymizers = _services.GetRequiredService<IPseudonymizerProvider>();
    }

    public void Dispose() => _services.Dispose();

    private Redactor For(PersonalDataCategory category) => _redactors.GetRedactor(PersonalDataAttribute.Classify(category));

    [Fact]
    public void Email_is_redacted_to_the_keyed_email_token_of_the_purpose()
    {
        var expected = _pseudonymizers.GetEmailPseudonymizer(ProcessingPurpose.Security).Pseudonymize(LoggedPeople.Email);
        var redactor = For(PersonalDataCategory.Email);

        Assert.Equal(expected, redactor.Redact(LoggedPeople.Email));
        Assert.Equal(expected.Length, redactor.GetRedactedLength(LoggedPeople.Email));
        Span<char> exact = stackalloc char[expected.Length];
        Assert.Equal(expected.Length, redactor.Redact(LoggedPeople.Email.AsSpan(), exact));
        Assert.Equal(expected, exact.ToString());
    }

    [Fact]
    public void Ip_address_name_and_user_name_are_redacted_to_their_pseudonyms()
    {
        Assert.Equal(_pseudonymizers.GetIpAddressPseudonymizer(ProcessingPurpose.Security).Pseudonymize(LoggedPeople.Ip), For(PersonalDataCategory.IpAddress).Redact(LoggedPeople.Ip));
        var value = _pseudonymizers.GetValuePseudonymizer(ProcessingPurpose.Security);
        Assert.Equal(value.Pseudonymize(LoggedPeople.Name), For(PersonalDataCategory.Name).Redact(LoggedPeople.Name));
        Assert.Equal(value.Pseudonymize("alice42"), For(PersonalDataCategory.UserName).Redact("alice42"));
        Assert.Equal(value.TokenLength, For(PersonalDataCategory.Name).GetRedactedLength(LoggedPeople.Name));
    }

    [Fact]
    public void Free_text_and_account_settings_are_erased()
    {
        Assert.Equal(string.Empty, For(PersonalDataCategory.FreeText).Redact("my diary entry"));
        Assert.Equal(string.Empty, For(PersonalDataCategory.AccountSettings).Redact("dark-mode"));
    }

    [Theory]
    [InlineData(PersonalDataCategory.Email, "not an address", "[redacted:Email]")]
    [InlineData(PersonalDataCategory.IpAddress, "999.1.1.1", "[redacted:IpAddress]")]
    public void Values_that_cannot_be_tokenized_give_the_marker_with_a_matching_length(PersonalDataCategory category, string input, string marker)
    {
        var redactor = For(category);
        Assert.Equal(marker, redactor.Redact(input));
        Assert.Equal(marker.Length, redactor.GetRedactedLength(input));
    }

    [Fact]
    public void A_name_with_an_unpaired_surrogate_gives_the_marker_with_a_matching_length()
    {
        var input = "Alice" + '\ud800';
        var redactor = For(PersonalDataCategory.Name);
        Assert.Equal("[redacted:Other]", redactor.Redact(input));
        Assert.Equal("[redacted:Other]".Length, redactor.GetRedactedLength(input));
    }

    [Fact]
    public void A_destination_smaller_than_the_redacted_length_is_refused()
    {
        var redactor = For(PersonalDataCategory.Email);
        var buffer = new char[redactor.GetRedactedLength(LoggedPeople.Email) - 1];
        Assert.Throws<ArgumentException>(() => redactor.Redact(LoggedPeople.Email.AsSpan(), buffer));
    }

    [Fact]
    public void Email_and_ip_redaction_into_a_span_allocates_nothing_beyond_the_pseudonymizers_own_work()
    {
        var email = For(PersonalDataCategory.Email);
        var ip = For(PersonalDataCategory.IpAddress);
        var emailPseudonymizer = _pseudonymizers.GetEmailPseudonymizer(ProcessingPurpose.Security);
        var ipPseudonymizer = _pseudonymizers.GetIpAddressPseudonymizer(ProcessingPurpose.Security);
        var buffer = new char[256];
        _ = email.Redact(LoggedPeople.Email.AsSpan(), buffer);
        _ = ip.Redact(LoggedPeople.Ip.AsSpan(), buffer);
        _ = emailPseudonymizer.TryPseudonymize(LoggedPeople.Email, buffer, out _);
        _ = ipPseudonymizer.TryPseudonymize(LoggedPeople.Ip, buffer, out _);

        var start = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            _ = emailPseudonymizer.TryPseudonymize(LoggedPeople.Email, buffer, out _);
            _ = ipPseudonymizer.TryPseudonymize(LoggedPeople.Ip, buffer, out _);
        }

        var pseudonymizerBytes = GC.GetAllocatedBytesForCurrentThread() - start;
        start = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            // Each redactor pseudonymizes twice: once for the length, once into the destination.
            _ = email.GetRedactedLength(LoggedPeople.Email.AsSpan());
            _ = email.Redact(LoggedPeople.Email.AsSpan(), buffer);
            _ = ip.GetRedactedLength(LoggedPeople.Ip.AsSpan());
            _ = ip.Redact(LoggedPeople.Ip.AsSpan(), buffer);
        }

        Assert.Equal(2 * pseudonymizerBytes, GC.GetAllocatedBytesForCurrentThread() - start);
    }

    [Fact]
    public void Without_working_pseudonymizers_every_category_fails_closed_to_its_marker()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IPseudonymizerProvider, BrokenPseudonymizers>();
        services.AddRedaction(b => b.SetPrivacyGuardRedactors());
        using var provider = services.BuildServiceProvider();
        var redactors = provider.GetRequiredService<IRedactorProvider>();

        Assert.Equal("[redacted:Email]", redactors.GetRedactor(PersonalDataAttribute.Classify(PersonalDataCategory.Email)).Redact(LoggedPeople.Email));
        Assert.Equal("[redacted:IpAddress]", redactors.GetRedactor(PersonalDataAttribute.Classify(PersonalDataCategory.IpAddress)).Redact(LoggedPeople.Ip));
        Assert.Equal("[redacted:Other]", redactors.GetRedactor(PersonalDataAttribute.Classify(PersonalDataCategory.Name)).Redact(LoggedPeople.Name));
    }

    private sealed class BrokenPseudonymizers : IPseudonymizerProvider
    {
        public EmailPseudonymizer GetEmailPseudonymizer(ProcessingPurpose purpose) => throw new InvalidOperationException("no key ring");

        public IpAddressPseudonymizer GetIpAddressPseudonymizer(ProcessingPurpose purpose) => throw new InvalidOperationException("no key ring");

        public IpAddressPseudonymizer GetIpAddressPseudonymizer(ProcessingPurpose purpose, IpPseudonymizationMode mode) => throw new InvalidOperationException("no key ring");

        public ValuePseudonymizer GetValuePseudonymizer(ProcessingPurpose purpose) => throw new InvalidOperationException("no key ring");
    }
}
