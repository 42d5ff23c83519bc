using System.Text;
using CsCheck;
using PrivacyGuard.AccessLog;

namespace PrivacyGuard.Tests.AccessLog;

public class AccessLogTamperPropertyTests
{
    private static readonly string[] Fields =
        ["Chain", "KeyId", "Action", "Outcome", "Resource", "SubjectToken", "Purpose", "Actor", "Categories", "ClientAddress", "Reason", "PreviousHash", "Hash", "Sequence", "Count", "OccurredAt"];

    [Fact]
    public async Task Any_single_byte_edit_of_any_stored_field_is_detected()
    {
        await using var log = new AccessLogFixture();
        var token = log.Writer.TokenizeSubject("subject-1");
        await log.Writer.RecordAsync([.. Enumerable.Range(0, 8).Select(i => AccessLogFixture.Event(i, token) with { ClientAddress = "203.0.113.0", Reason = "r" + i })], TestContext.Current.CancellationToken);
        var original = log.Store.Events.ToList();
        var heads = log.Store.Heads.ToDictionary();
        using var keys = new AccessLogKeys(TestKeys.RingA());

        Gen.Select(Gen.Int[0, original.Count - 1], Gen.Int[0, Fields.Length - 1], Gen.Int[0, 63], Gen.Byte[1, 255]).Sample((index, field, position, xor) =>
        {
            // A copy of the rows per sample: samples run in parallel.
            var store = new MemoryAccessLogStore();
            store.Events.AddRange(original);
            foreach (var (chain, head) in heads)
            {
                store.Heads[chain] = head;
            }

            store.Events[index] = Edit(original[index], Fields[field], position, xor);
            var result = new AccessLogVerifier(store, keys).VerifyAsync(CancellationToken.None).GetAwaiter().GetResult();
            return !result.IsValid;
        }, iter: 10_000);

        Assert.True((await log.Reader.VerifyAsync(TestContext.Current.CancellationToken)).IsValid);
    }

    private static StoredAccessEvent Edit(StoredAccessEvent e, string field, int position, byte xor) => field switch
    {
        "Chain" => e with { Chain = EditText(e.Chain, position, xor) },
        "KeyId" => e with { KeyId = EditText(e.KeyId, position, xor) },
        "Action" => e with { Action = EditText(e.Action, position, xor) },
        "Outcome" => e with { Outcome = EditText(e.Outcome, position, xor) },
        "Resource" => e with { Resource = EditText(e.Resource, position, xor) },
        "SubjectToken" => e with { SubjectToken = EditText(e.SubjectToken!, position, xor) },
        "Purpose" => e with { Purpose = EditText(e.Purpose, position, xor) },
        "Actor" => e with { Actor = EditText(e.Actor, position, xor) },
        "Categories" => e with { Categories = EditText(e.Categories, position, xor) },
        "ClientAddress" => e with { ClientAddress = EditText(e.ClientAddress!, position, xor) },
        "Reason" => e with { Reason = EditText(e.Reason!, position, xor) },
        "PreviousHash" => e with { PreviousHash = EditText(e.PreviousHash, position, xor) },
        "Hash" => e with { Hash = EditText(e.Hash, position, xor) },
        "Sequence" => e with { Sequence = e.Sequence ^ ((long)xor << (8 * (position % 8))) },
        "Count" => e with { Count = e.Count ^ ((long)xor << (8 * (position % 8))) },
        _ => e with { OccurredAt = new DateTimeOffset(EditTicks(e.OccurredAt.UtcTicks, position, xor), TimeSpan.Zero) },
    };

    // One byte of the stored text's UTF-8 changed (what an UPDATE of that byte leaves behind), read back leniently.
    private static string EditText(string text, int position, byte xor)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        bytes[position % bytes.Length] ^= xor;
        return Encoding.UTF8.GetString(bytes);
    }

    // A change of whole microseconds (what the stores keep), within the representable range.
    private static long EditTicks(long ticks, int position, byte xor)
    {
        var micros = ticks / 10;
        var edited = micros ^ ((long)xor << (8 * (position % 6)));
        return edited * 10;
    }
}
