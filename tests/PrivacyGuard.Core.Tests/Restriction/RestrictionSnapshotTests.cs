using PrivacyGuard.Restriction;

namespace PrivacyGuard.Tests.Restriction;

public class RestrictionSnapshotTests
{
    private static readonly RestrictionSnapshot Snapshot = RestrictionSnapshot.Create(
        ["restricted-1", "both-1"],
        [("objector-1", ProcessingPurpose.Marketing), ("both-1", ProcessingPurpose.Marketing), ("objector-2", ProcessingPurpose.ProductImprovement)]);

    public static TheoryData<string, string, ProcessingDecision> Decisions => new()
    {
        { "restricted-1", "ServiceDelivery", ProcessingDecision.Restricted },
        { "restricted-1", "Marketing", ProcessingDecision.Restricted },
        { "restricted-1", "Security", ProcessingDecision.Restricted },
        { "restricted-1", "LegalObligation", ProcessingDecision.Allowed },
        { "objector-1", "Marketing", ProcessingDecision.Objected },
        { "objector-1", "marketing", ProcessingDecision.Objected },
        { "objector-1", "ServiceDelivery", ProcessingDecision.Allowed },
        { "objector-1", "LegalObligation", ProcessingDecision.Allowed },
        { "objector-2", "ProductImprovement", ProcessingDecision.Objected },
        { "objector-2", "Marketing", ProcessingDecision.Allowed },
        { "both-1", "Marketing", ProcessingDecision.Restricted },
        { "both-1", "LegalObligation", ProcessingDecision.Allowed },
        { "nobody", "Marketing", ProcessingDecision.Allowed },
        { "RESTRICTED-1", "ServiceDelivery", ProcessingDecision.Allowed },
    };

    [Theory]
    [MemberData(nameof(Decisions))]
    public void Restriction_blocks_every_purpose_but_LegalObligation_and_an_objection_only_its_purpose(string subject, string purpose, ProcessingDecision expected) =>
        Assert.Equal(expected, Snapshot.Check(subject, ProcessingPurpose.Create(purpose)));

    [Fact]
    public void IsRestricted_and_HasObjected_answer_from_the_snapshot()
    {
        Assert.True(Snapshot.IsRestricted("restricted-1"));
        Assert.False(Snapshot.IsRestricted("objector-1"));
        Assert.True(Snapshot.HasObjected("objector-1", ProcessingPurpose.Marketing));
        Assert.False(Snapshot.HasObjected("objector-1", ProcessingPurpose.Security));
        Assert.False(Snapshot.HasObjected("restricted-1", ProcessingPurpose.Marketing));
    }

    [Fact]
    public void The_blocked_set_of_a_purpose_is_the_restricted_subjects_and_that_purposes_objectors()
    {
        Assert.Equal(["both-1", "objector-1", "restricted-1"], Snapshot.BlockedFor(ProcessingPurpose.Marketing).Order(StringComparer.Ordinal));
        Assert.Equal(["both-1", "restricted-1"], Snapshot.BlockedFor(ProcessingPurpose.ServiceDelivery).Order(StringComparer.Ordinal));
        Assert.Empty(Snapshot.BlockedFor(ProcessingPurpose.LegalObligation));
        Assert.Empty(RestrictionSnapshot.Empty.BlockedFor(ProcessingPurpose.Marketing));
    }

    [Fact]
    public void The_blocked_set_is_computed_once_per_purpose_and_snapshot() =>
        Assert.Same(Snapshot.BlockedFor(ProcessingPurpose.Marketing), Snapshot.BlockedFor(ProcessingPurpose.Create("MARKETING")));

    [Fact]
    public void The_refusal_names_the_purpose_and_the_kind_of_block()
    {
        var restricted = new ProcessingRestrictedException(ProcessingPurpose.Marketing, ProcessingDecision.Restricted);
        var objected = new ProcessingRestrictedException(ProcessingPurpose.Marketing, ProcessingDecision.Objected);

        Assert.Contains("Marketing", restricted.Message, StringComparison.Ordinal);
        Assert.Contains("restriction", restricted.Message, StringComparison.Ordinal);
        Assert.Contains("objected", objected.Message, StringComparison.Ordinal);
        Assert.Equal(ProcessingDecision.Objected, objected.Decision);
    }

    [Fact]
    public void Checks_allocate_nothing()
    {
        var marketing = ProcessingPurpose.Marketing;
        _ = Snapshot.Check("objector-1", marketing);
        _ = Snapshot.BlockedFor(marketing);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            _ = Snapshot.Check("objector-1", marketing);
            _ = Snapshot.Check("restricted-1", ProcessingPurpose.ServiceDelivery);
            _ = Snapshot.BlockedFor(marketing);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
