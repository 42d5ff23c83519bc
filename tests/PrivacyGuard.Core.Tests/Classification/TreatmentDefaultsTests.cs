namespace PrivacyGuard.Tests.Classification;

public class TreatmentDefaultsTests
{
    [Theory]
    [InlineData(PersonalDataCategory.Email, Treatment.Pseudonymize)]
    [InlineData(PersonalDataCategory.UserName, Treatment.Pseudonymize)]
    [InlineData(PersonalDataCategory.IpAddress, Treatment.Truncate)]
    [InlineData(PersonalDataCategory.Name, Treatment.Encrypt)]
    [InlineData(PersonalDataCategory.AccountSettings, Treatment.Encrypt)]
    [InlineData(PersonalDataCategory.FreeText, Treatment.Encrypt)]
    [InlineData(PersonalDataCategory.Other, Treatment.Encrypt)]
    public void Each_category_has_the_documented_default_treatment(PersonalDataCategory category, Treatment expected) =>
        Assert.Equal(expected, TreatmentDefaults.For(category));

    [Fact]
    public void An_explicit_treatment_overrides_the_category_default() =>
        Assert.Equal(Treatment.PrefixPreserving, TreatmentDefaults.Resolve(PersonalDataCategory.IpAddress, Treatment.PrefixPreserving));
}
