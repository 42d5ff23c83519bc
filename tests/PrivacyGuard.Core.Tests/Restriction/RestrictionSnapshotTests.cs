using System.Globalization;
using CsCheck;
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

    private static readonly string[] GuidFormats = ["D", "N", "B", "P"];

    private static string Spell(Guid id, string format, bool upper) =>
        upper ? id.ToString(format, CultureInfo.InvariantCulture).ToUpperInvariant() : id.ToString(format, CultureInfo.InvariantCulture);

    [Fact]
    public void A_GUID_subject_is_blocked_in_every_spelling_of_its_value_and_only_its_own()
    {
        Gen.Select(Gen.Guid, Gen.Guid, Gen.Int[0, 3].Select(i => GuidFormats[i]), Gen.Int[0, 3].Select(i => GuidFormats[i]), Gen.Bool, Gen.Bool).Sample((id, other, restrictedAs, askedAs, upper1, upper2) =>
        {
            var snapshot = RestrictionSnapshot.Create([Spell(id, restrictedAs, upper1)], [(Spell(id, restrictedAs, upper2), ProcessingPurpose.Marketing)]);
            Assert.Equal(ProcessingDecision.Restricted, snapshot.Check(Spell(id, askedAs, upper2), ProcessingPurpose.ServiceDelivery));
            Assert.True(snapshot.IsRestricted(Spell(id, askedAs, upper1)));
            Assert.True(snapshot.HasObjected(Spell(id, askedAs, !upper2), ProcessingPurpose.Marketing));
            Assert.Equal(id == other ? ProcessingDecision.Restricted : ProcessingDecision.Allowed, snapshot.Check(Spell(other, askedAs, upper1), ProcessingPurpose.Security));
        }, iter: 10_000);
    }

    [Fact]
    public void An_integer_subject_is_blocked_whatever_its_leading_zeros_or_plus_sign()
    {
        Gen.Select(Gen.Long[0, long.MaxValue], Gen.Int[0, 5], Gen.Int[0, 5], Gen.Bool).Sample((id, zeros1, zeros2, plus) =>
        {
            var text = id.ToString(CultureInfo.InvariantCulture);
            var snapshot = RestrictionSnapshot.Create([new string('0', zeros1) + text], []);
            Assert.True(snapshot.IsRestricted((plus ? "+" : "") + new string('0', zeros2) + text));
            Assert.False(snapshot.IsRestricted(text + "0"));
        }, iter: 10_000);
    }

    [Fact]
    public void Other_subject_ids_match_exactly()
    {
        var snapshot = RestrictionSnapshot.Create(["acct-5", "Jane"], []);
        Assert.True(snapshot.IsRestricted("acct-5"));
        Assert.False(snapshot.IsRestricted("ACCT-5"));
        Assert.False(snapshot.IsRestricted("jane"));
        Assert.False(snapshot.IsRestricted("acct-05"));
    }

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
