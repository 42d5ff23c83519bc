using Microsoft.Extensions.Logging;
using PrivacyGuard.AccessLog;

namespace PrivacyGuard.Tests.AccessLog;

public class AccessLogWriterTests
{
    [Fact]
    public async Task Concurrent_records_share_store_writes()
    {
        await using var log = new AccessLogFixture();
        await Task.WhenAll(Enumerable.Range(0, 1_000).Select(i => log.Writer.RecordAsync(AccessLogFixture.Event(i), TestContext.Current.CancellationToken).AsTask()));
        Assert.Equal(1_000, log.Store.Events.Count);
        Assert.True(log.Store.Appends < 100, $"{log.Store.Appends} store writes for 1,000 events");
        Assert.True((await log.Reader.VerifyAsync(TestContext.Current.CancellationToken)).IsValid);
    }

    [Fact]
    public async Task A_list_of_events_is_written_in_one_store_write()
    {
        await using var log = new AccessLogFixture();
        await log.Writer.RecordAsync([.. Enumerable.Range(0, 100).Select(i => AccessLogFixture.Event(i))], TestContext.Current.CancellationToken);
        Assert.Equal(1, log.Store.Appends);
        Assert.Equal(100, log.Store.Events.Count);
    }

    [Fact]
    public async Task A_store_failure_refuses_every_caller_of_the_batch_without_personal_data()
    {
        await using var log = new AccessLogFixture();
        log.Store.FailWith = new InvalidOperationException("connection to alice@example.com refused");
        var calls = Enumerable.Range(0, 20).Select(i => log.Writer.RecordAsync(AccessLogFixture.Event(i), TestContext.Current.CancellationToken).AsTask()).ToList();
        foreach (var call in calls)
        {
            var refused = await Assert.ThrowsAsync<AccessLogUnavailableException>(() => call);
            Assert.DoesNotContain("alice", refused.Message, StringComparison.Ordinal);
        }

        Assert.Empty(log.Store.Events);
    }

    [Fact]
    public async Task After_a_failure_the_log_continues_on_a_new_chain_that_verifies()
    {
        await using var log = new AccessLogFixture();
        await log.RecordManyAsync(3);
        var first = log.Writer.CurrentChain;
        log.Store.FailWith = new TimeoutException();
        await Assert.ThrowsAsync<AccessLogUnavailableException>(() => log.Writer.RecordAsync(AccessLogFixture.Event(9), TestContext.Current.CancellationToken).AsTask());
        log.Store.FailWith = null;
        await log.RecordManyAsync(2);
        Assert.NotEqual(first, log.Writer.CurrentChain);
        var result = await log.Reader.VerifyAsync(TestContext.Current.CancellationToken);
        Assert.True(result.IsValid, result.Problem);
        Assert.Equal(5, result.EventsChecked);
    }

    [Fact]
    public async Task In_log_only_mode_a_store_failure_is_logged_and_the_caller_goes_ahead()
    {
        await using var log = new AccessLogFixture(onFailure: AccessLogFailureMode.LogOnly);
        log.Store.FailWith = new TimeoutException();
        await log.Writer.RecordAsync(AccessLogFixture.Event(0), TestContext.Current.CancellationToken);
        Assert.Contains(log.Logs.Entries, e => e.Level == LogLevel.Error && e.EventId.Id == 9101);
        var copy = Assert.Single(log.Logs.Entries, e => e.EventId.Id == 9100);
        Assert.Equal(false, copy.Properties["Stored"]);
    }

    [Fact]
    public async Task Each_stored_event_is_copied_to_the_log_with_the_stable_schema()
    {
        await using var log = new AccessLogFixture();
        var token = log.Writer.TokenizeSubject("alice@example.com");
        await log.Writer.RecordAsync(AccessLogFixture.Event(0, token), TestContext.Current.CancellationToken);
        var entry = Assert.Single(log.Logs.Entries, e => e.EventId.Id == 9100);
        Assert.Equal("PrivacyGuard.AccessLog", entry.Category);
        Assert.Equal("AccessEvent", entry.EventId.Name);
        foreach (var name in new[] { "Action", "Outcome", "Resource", "SubjectToken", "Purpose", "Actor", "Categories", "ClientAddress", "Count", "Reason", "Chain", "Sequence", "Hash" })
        {
            Assert.True(entry.Properties.ContainsKey(name), name);
        }

        Assert.Equal("read", entry.Properties["Action"]);
        Assert.Equal(token, entry.Properties["SubjectToken"]);
        Assert.Equal(1L, entry.Properties["Sequence"]);
        Assert.Equal(log.Store.Events[0].Hash, entry.Properties["Hash"]);
        Assert.DoesNotContain("alice", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_event_without_resource_is_refused_before_it_is_queued()
    {
        await using var log = new AccessLogFixture();
        await Assert.ThrowsAsync<ArgumentException>(() => log.Writer.RecordAsync(AccessLogFixture.Event(0) with { Resource = "" }, TestContext.Current.CancellationToken).AsTask());
        Assert.Empty(log.Store.Events);
    }
}
