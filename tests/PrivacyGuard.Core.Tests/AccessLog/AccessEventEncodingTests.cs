using PrivacyGuard.AccessLog;

namespace PrivacyGuard.Tests.AccessLog;

public class AccessEventEncodingTests
{
    // The vector of docs/access-log.md, computed independently (Python hmac/hashlib, HKDF-SHA-256 by hand).
    private static readonly StoredAccessEvent Vector = new()
    {
        Chain = "c1",
        Sequence = 1,
        KeyId = "ka",
        OccurredAt = new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_560),
        Action = "read",
        Outcome = "succeeded",
        Resource = "Account",
        SubjectToken = "ka_abc",
        Purpose = "ServiceDelivery",
        Actor = "svc",
        Categories = "Email,Name",
        ClientAddress = null,
        Count = 3,
        Reason = null,
        PreviousHash = AccessLogKeys.GenesisHash,
        Hash = string.Empty,
    };

    [Fact]
    public void Canonical_encoding_matches_the_documented_vector()
    {
        Assert.Equal(
            "010000000263310000000000000001000000026b610006612caed83240000000047265616400000009737563636565646564000000074163636f756e74"
            + "000000066b615f6162630000000f5365727669636544656c6976657279000000037376630000000a456d61696c2c4e616d65ffffffff0000000000000003ffffffff",
            Convert.ToHexStringLower(AccessEventEncoding.Encode(Vector)));
    }

    [Fact]
    public void Chain_hash_and_head_mac_match_the_documented_vector_under_the_test_key()
    {
        using var ring = TestKeys.RingA();
        using var keys = new AccessLogKeys(ring);
        var hash = keys.ComputeHash(Vector);
        Assert.Equal("a9687782729305df8182fd2443dbdc8fbda3a44e37f5ec3cd286b8bc804f8e6e", hash);
        Assert.Equal("fcf5336d5d5777bc17987408503275792f4c03e47a7a7b7ba10628c34a0fb294", keys.ComputeHeadMac("ka", "c1", 1, hash!));
    }

    [Fact]
    public void Chain_hashes_computed_again_and_from_many_threads_at_once_equal_the_first_ones()
    {
        // The chain HMAC is reused across events: reuse and concurrency must not change a single hash.
        using var ring = TestKeys.RingA();
        using var keys = new AccessLogKeys(ring);
        var events = Enumerable.Range(0, 200).Select(i => Vector with { Sequence = i + 1, SubjectToken = i % 3 == 0 ? null : "ka_" + new string('x', i), Count = i }).ToArray();
        var first = events.Select(keys.ComputeHash).ToArray();
        Assert.Equal("a9687782729305df8182fd2443dbdc8fbda3a44e37f5ec3cd286b8bc804f8e6e", keys.ComputeHash(Vector));
        var concurrent = new string?[8][];
        Parallel.For(0, concurrent.Length, t => concurrent[t] = [.. events.Select(keys.ComputeHash)]);
        Assert.All(concurrent, hashes => Assert.Equal(first, hashes));
        Assert.Equal(200, first.Distinct().Count());
    }

    [Fact]
    public void An_event_too_long_for_the_stack_hashes_as_its_canonical_form_says()
    {
        using var ring = TestKeys.RingA();
        using var keys = new AccessLogKeys(ring);
        var longEvent = Vector with { Reason = new string('r', 5_000) };
        Assert.Equal(AccessEventEncoding.GetLength(longEvent), AccessEventEncoding.Encode(longEvent).Length);
        Assert.NotEqual(keys.ComputeHash(Vector), keys.ComputeHash(longEvent));
        Assert.Equal(keys.ComputeHash(longEvent), keys.ComputeHash(longEvent));
    }

    [Fact]
    public void A_null_field_and_an_empty_field_encode_differently()
    {
        var withNull = AccessEventEncoding.Encode(Vector);
        var withEmpty = AccessEventEncoding.Encode(Vector with { Reason = string.Empty });
        Assert.NotEqual(withNull, withEmpty);
    }

    [Fact]
    public void Moving_text_between_adjacent_fields_changes_the_encoding()
    {
        var a = AccessEventEncoding.Encode(Vector with { Resource = "Acc", Purpose = "ountServiceDelivery" });
        Assert.NotEqual(AccessEventEncoding.Encode(Vector), a);
    }

    [Fact]
    public void Times_are_kept_to_the_microsecond_in_UTC()
    {
        var local = new DateTimeOffset(2026, 11, 26, 13, 0, 0, TimeSpan.FromHours(1)).AddTicks(1_234_567);
        var truncated = AccessEventEncoding.Truncate(local);
        Assert.Equal(TimeSpan.Zero, truncated.Offset);
        Assert.Equal(Vector.OccurredAt, truncated);
    }

    [Fact]
    public void Stable_names_round_trip_for_every_action_and_outcome()
    {
        foreach (var action in Enum.GetValues<AccessAction>())
        {
            Assert.True(AccessLogNames.TryParseAction(AccessLogNames.Of(action), out var parsed));
            Assert.Equal(action, parsed);
        }

        foreach (var outcome in Enum.GetValues<AccessOutcome>())
        {
            Assert.True(AccessLogNames.TryParseOutcome(AccessLogNames.Of(outcome), out var parsed));
            Assert.Equal(outcome, parsed);
        }

        Assert.Equal("lift-restriction", AccessLogNames.Of(AccessAction.LiftRestriction));
    }
}
