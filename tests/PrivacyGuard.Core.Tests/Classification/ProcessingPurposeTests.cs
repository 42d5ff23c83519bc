namespace PrivacyGuard.Tests.Classification;

public class ProcessingPurposeTests
{
    [Fact]
    public void The_six_purposes_of_the_policy_are_predefined() =>
        Assert.Equal(
            ["ServiceDelivery", "Communication", "ProductImprovement", "Security", "Marketing", "LegalObligation"],
            ProcessingPurpose.WellKnown.Select(p => p.Name));

    [Fact]
    public void Purposes_compare_by_name_ignoring_case()
    {
        Assert.Equal(ProcessingPurpose.Marketing, ProcessingPurpose.Create("marketing"));
        Assert.True(ProcessingPurpose.Create("Fraud-Review") == ProcessingPurpose.Create("fraud-review"));
        Assert.Equal(ProcessingPurpose.Create("A").GetHashCode(), ProcessingPurpose.Create("a").GetHashCode());
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("semi;colon")]
    public void Invalid_purpose_names_are_refused(string name) =>
        Assert.False(ProcessingPurpose.TryCreate(name, out _));

    [Fact]
    public void The_default_purpose_is_service_delivery() =>
        Assert.Equal(ProcessingPurpose.ServiceDelivery, default);
}
