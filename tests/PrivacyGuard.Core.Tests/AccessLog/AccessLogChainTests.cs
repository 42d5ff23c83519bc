using PrivacyGuard.AccessLog;
using PrivacyGuard.Keys;

namespace PrivacyGuard.Tests.AccessLog;

public class AccessLogChainTests
{
    [Fact]
    public async Task An_untouched_log_verifies()
    {
        await using var log = new AccessLogFixture();
        await log.RecordManyAsync(25);
        var result = await log.Reader.VerifyAsync(TestContext.Current.CancellationToken);
        Assert.True(result.IsValid, result.Problem);
        Assert.Equal(25, result.EventsChecked);
    }

    [Fact]
    public async Task Events_are_chained_each_to_the_previous_hash_from_sequence_one()
    {
        await using var log = new AccessLogFixture();
        await log.RecordManyAsync(3);
        var events = log.Store.Events;
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.Sequence));
        Assert.Equal(AccessLogKeys.GenesisHash, events[0].PreviousHash);
        Assert.Equal(events[0].Hash, events[1].PreviousHash);
        Assert.Equal(events[1].Hash, events[2].PreviousHash);
        var head = Assert.Single(log.Store.Heads.Values);
        Assert.Equal((3L, events[2].Hash), (head.LastSequence, head.LastHash));
    }

    [Fact]
    public async Task An_edited_field_is_named_as_edited_at_its_sequence()
    {
        await using var log = new AccessLogFixture();
        await log.RecordManyAsync(10);
        log.Store.Replace(4, e => e with { Actor = "someone-else" });
        await AssertBadAsync(log, 5, AccessLogProblems.Edited);
    }

    [Fact]
    public async Task A_deleted_event_is_named_as_missing()
    {
        await using var log = new AccessLogFixture();
        await log.RecordManyAsync(10);
        log.Store.Events.RemoveAt(6);
        await AssertBadAsync(log, 7, AccessLogProblems.Missing);
    }

    [Fact]
    public async Task Two_swapped_events_are_named_as_reordered()
    {
        await using var log = new AccessLogFixture();
        await log.RecordManyAsync(10);
        var third = log.Store.Events[2];
        var fourth = log.Store.Events[3];
        log.Store.Events[2] = fourth with { Sequence = 3 };
        log.Store.Events[3] = third with { Sequence = 4 };
        await AssertBadAsync(log, 3, AccessLogProblems.Reordered);
    }

    [Fact]
    public async Task Events_appended_while_verify_runs_are_not_taken_for_inserted_ones()
    {
        await using var log = new AccessLogFixture();
        await log.RecordManyAsync(5);
        log.Store.AfterHeadsRead = () => log.Writer.RecordAsync([AccessLogFixture.Event(5), AccessLogFixture.Event(6)], TestContext.Current.CancellationToken).AsTask();

        var result = await log.Reader.VerifyAsync(TestContext.Current.CancellationToken);

        Assert.True(result.IsValid, result.Problem);
        Assert.Equal(7, result.EventsChecked);
    }

    [Fact]
    public async Task A_deleted_tail_is_named_as_truncated()
    {
        await using var log = new AccessLogFixture();
        await log.RecordManyAsync(10);
        log.Store.Events.RemoveRange(8, 2);
        await AssertBadAsync(log, 9, AccessLogProblems.Truncated);
    }

    [Fact]
    public async Task A_head_moved_back_to_hide_a_truncation_is_detected()
    {
        await using var log = new AccessLogFixture();
        await log.RecordManyAsync(10);
        log.Store.Events.RemoveRange(8, 2);
        var head = log.Store.Heads.Values.Single();
        log.Store.Heads[head.Chain] = head with { LastSequence = 8, LastHash = log.Store.Events[7].Hash };
        var result = await log.Reader.VerifyAsync(TestContext.Current.CancellationToken);
        Assert.False(result.IsValid);
        Assert.Equal(AccessLogProblems.HeadTampered, result.Problem);
    }

    [Fact]
    public async Task A_forged_event_appended_after_the_head_is_named_as_inserted()
    {
        await using var log = new AccessLogFixture();
        await log.RecordManyAsync(5);
        var last = log.Store.Events[^1];
        log.Store.Events.Add(last with { Sequence = 6, PreviousHash = last.Hash, Hash = new string('a', 64) });
        await AssertBadAsync(log, 6, AccessLogProblems.Inserted);
    }

    [Fact]
    public async Task A_recomputed_chain_without_the_key_does_not_verify()
    {
        await using var log = new AccessLogFixture();
        await log.RecordManyAsync(5);

        // An attacker re-hashes an edited chain with a key of their own: the chain key is not theirs.
        using var attackerRing = TestKeys.Ring("ka", TestKeys.SecretB);
        using var attackerKeys = new AccessLogKeys(attackerRing);
        var previous = AccessLogKeys.GenesisHash;
        for (var i = 0; i < log.Store.Events.Count; i++)
        {
            var forged = log.Store.Events[i] with { Actor = "nobody", PreviousHash = previous };
            forged = forged with { Hash = attackerKeys.ComputeHash(forged)! };
            log.Store.Events[i] = forged;
            previous = forged.Hash;
        }

        var head = log.Store.Heads.Values.Single();
        log.Store.Heads[head.Chain] = head with { LastHash = previous, Mac = attackerKeys.ComputeHeadMac("ka", head.Chain, head.LastSequence, previous)! };
        var result = await log.Reader.VerifyAsync(TestContext.Current.CancellationToken);
        Assert.False(result.IsValid);
        Assert.Equal(AccessLogProblems.HeadTampered, result.Problem);
    }

    [Fact]
    public async Task Events_written_before_a_root_key_rotation_still_verify()
    {
        var store = new MemoryAccessLogStore();
        await using (var before = new AccessLogFixture(TwoKeyRing(current: "ka"), store: store))
        {
            await before.RecordManyAsync(3);
        }

        await using var after = new AccessLogFixture(TwoKeyRing(current: "kb"), store: store);
        await after.RecordManyAsync(3);
        Assert.Equal(["ka", "ka", "ka", "kb", "kb", "kb"], store.Events.Select(e => e.KeyId));
        var result = await after.Reader.VerifyAsync(TestContext.Current.CancellationToken);
        Assert.True(result.IsValid, result.Problem);
        Assert.Equal(6, result.EventsChecked);
    }

    [Fact]
    public async Task Subject_tokens_carry_the_key_id_and_do_not_contain_the_subject()
    {
        await using var log = new AccessLogFixture();
        var token = log.Writer.TokenizeSubject("alice@example.com");
        Assert.StartsWith("ka_", token, StringComparison.Ordinal);
        Assert.DoesNotContain("alice", token, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(token, log.Writer.TokenizeSubject("alice@example.com"));
        Assert.NotEqual(token, log.Writer.TokenizeSubject("bob@example.com"));
    }

    [Fact]
    public async Task A_GUID_or_integer_subject_gets_one_token_in_any_spelling()
    {
        await using var log = new AccessLogFixture();
        var id = Guid.NewGuid();
        var token = log.Writer.TokenizeSubject(id.ToString("D"));
        Assert.All(
            new[] { id.ToString("D").ToUpperInvariant(), id.ToString("N"), id.ToString("B"), id.ToString("P").ToUpperInvariant() },
            spelling => Assert.Equal(token, log.Writer.TokenizeSubject(spelling)));
        Assert.NotEqual(token, log.Writer.TokenizeSubject(Guid.NewGuid().ToString("D")));
        Assert.Equal(log.Writer.TokenizeSubject("7"), log.Writer.TokenizeSubject("007"));
        Assert.NotEqual(log.Writer.TokenizeSubject("70"), log.Writer.TokenizeSubject("7"));
        Assert.NotEqual(log.Writer.TokenizeSubject("Alice"), log.Writer.TokenizeSubject("alice"));
    }

    [Fact]
    public async Task A_query_by_subject_token_returns_that_subjects_events_typed()
    {
        await using var log = new AccessLogFixture();
        var alice = log.Writer.TokenizeSubject("alice");
        await log.Writer.RecordAsync([AccessLogFixture.Event(0, alice), AccessLogFixture.Event(1), AccessLogFixture.Event(3, alice)], TestContext.Current.CancellationToken);
        var found = new List<RecordedAccessEvent>();
        await foreach (var e in log.Reader.QueryAsync(new AccessLogQuery { SubjectToken = alice }, TestContext.Current.CancellationToken))
        {
            found.Add(e);
        }

        Assert.Equal([1L, 3L], found.Select(e => e.Sequence));
        Assert.All(found, e => Assert.Equal(alice, e.Event.SubjectToken));
        Assert.Equal([PersonalDataCategory.Email, PersonalDataCategory.Name], found[0].Event.Categories);
        Assert.Equal(AccessAction.Read, found[0].Event.Action);
        Assert.Equal(AccessAction.Export, found[1].Event.Action);
    }

    private static async Task AssertBadAsync(AccessLogFixture log, long sequence, string problem)
    {
        var result = await log.Reader.VerifyAsync(TestContext.Current.CancellationToken);
        Assert.False(result.IsValid);
        Assert.Equal(log.Writer.CurrentChain, result.FirstBadChain);
        Assert.Equal(problem, result.Problem);
        Assert.Equal(sequence, result.FirstBadSequence);
    }

    private static KeyRing TwoKeyRing(string current)
    {
        var options = new KeyRingOptions { CurrentKeyId = current };
        options.Keys["ka"] = TestKeys.SecretA;
        options.Keys["kb"] = TestKeys.SecretB;
        return KeyRingLoader.Load(options);
    }
}
