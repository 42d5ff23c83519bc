using Microsoft.Extensions.Options;
using PrivacyGuard.AccessLog;
using PrivacyGuard.Keys;

namespace PrivacyGuard.Tests.AccessLog;

/// <summary>A real writer and reader over a <see cref="MemoryAccessLogStore"/>.</summary>
internal sealed class AccessLogFixture : IAsyncDisposable
{
    public AccessLogFixture(KeyRing? ring = null, AccessLogFailureMode onFailure = AccessLogFailureMode.Refuse, MemoryAccessLogStore? store = null)
    {
        Ring = ring ?? TestKeys.RingA();
        Store = store ?? new MemoryAccessLogStore();
        Keys = new AccessLogKeys(Ring);
        Writer = new AccessLogWriter(Store, Keys, TimeProvider.System, Options.Create(new AccessLogOptions { OnFailure = onFailure }), Logs);
        Reader = new AccessLogReader(Store, Keys);
    }

    public KeyRing Ring { get; }

    public MemoryAccessLogStore Store { get; }

    public AccessLogKeys Keys { get; }

    public CapturingLoggerFactory Logs { get; } = new();

    public AccessLogWriter Writer { get; }

    public AccessLogReader Reader { get; }

    public static AccessEvent Event(int i, string? subjectToken = null) => new()
    {
        Action = (AccessAction)(i % 12),
        Outcome = (AccessOutcome)(i % 3),
        Resource = "Account",
        SubjectToken = subjectToken,
        Purpose = ProcessingPurpose.ServiceDelivery,
        Actor = "svc-" + i,
        Categories = [PersonalDataCategory.Email, PersonalDataCategory.Name],
        ClientAddress = i % 2 == 0 ? "203.0.113.0" : null,
        Count = i + 1,
        Reason = i % 3 == 1 ? "processing-restricted" : null,
    };

    public async Task RecordManyAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await Writer.RecordAsync(Event(i), TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Writer.DisposeAsync();
        Keys.Dispose();
        Ring.Dispose();
    }
}
