using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PrivacyGuard.Restriction;

namespace PrivacyGuard.EntityFrameworkCore;

/// <summary>
/// <see cref="IRestrictionRegistry"/> over the privacy store's <c>restrictions</c> and <c>objections</c> tables.
/// </summary>
/// <remarks>
/// <para>Reads come from an immutable <see cref="RestrictionSnapshot"/> held in one field and replaced with
/// <see cref="Volatile.Write{T}(ref T, T)"/>: O(1), no locks.</para>
/// <para>Every change (local write, notification from another instance, reconnection of the listener) reloads the whole
/// snapshot from the store rather than patching it: the store is the only source of truth, so notifications arriving
/// out of order with local writes cannot leave a stale entry. Reloads are serialized and coalesced: one reload that
/// starts after a request serves every request made before it. Restrictions are rare and small, so this is cheap.</para>
/// <para>A write commits (on PostgreSQL with <c>pg_notify</c> on <c>privacyguard_restrictions</c> in the same
/// transaction, so every instance reloads once it commits), then reloads the local snapshot and only then returns: when
/// the caller sees the write complete, this instance already enforces it. SQLite is single-instance: the local reload
/// is the whole feed.</para>
/// <para>Until the host has started the registry (<see cref="RestrictionRegistryStarter"/>), reads throw: the registry
/// fails closed rather than answering "not restricted" from an empty snapshot.</para>
/// </remarks>
internal sealed partial class EfRestrictionRegistry : IRestrictionRegistry, IAsyncDisposable
{
    private const int MaxSubjectIdLength = 200;

    private readonly PrivacyStoreContextFactory _contexts;
    private readonly ILogger _logger;
    private readonly PostgresDataKeyChangeFeed? _feed;
    private readonly SemaphoreSlim _reloadGate = new(1, 1);
    private readonly TimeSpan _resyncInterval;
    private readonly CancellationTokenSource _stopping = new();
    private Task? _resyncLoop;
    private RestrictionSnapshot? _snapshot;
    private IAsyncDisposable? _subscription;
    private long _requested;
    private long _completed;

    public EfRestrictionRegistry(PrivacyStoreContextFactory contexts, IOptions<PrivacyStoreOptions> options, ILogger<EfRestrictionRegistry> logger)
    {
        _contexts = contexts;
        _logger = logger;
        _resyncInterval = options.Value.ResyncInterval;
        if (contexts.Provider == PrivacyStoreProvider.PostgreSql)
        {
            _feed = new PostgresDataKeyChangeFeed(options, logger, StoreTables.RestrictionChannel, ReloadInBackground);
        }
    }

    private RestrictionSnapshot Snapshot => Volatile.Read(ref _snapshot)
        ?? throw new InvalidOperationException("The restriction registry has not loaded yet: it loads when the host starts (its IHostedService). PrivacyGuard refuses to answer before it knows the restrictions.");

    /// <summary>
    /// Subscribes to the change feed, loads the snapshot, then starts the periodic full resync; throws when the store
    /// cannot be reached.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_feed is not null && _subscription is null)
        {
            _subscription = await _feed.SubscribeAsync(_ => ReloadInBackground(), cancellationToken).ConfigureAwait(false);
        }

        await ReloadAsync(cancellationToken).ConfigureAwait(false);
        _resyncLoop ??= ResyncPeriodicallyAsync(_stopping.Token);
    }

    private int _disposed;

    private async Task ResyncPeriodicallyAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(_resyncInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                await ReloadLoggingFailuresAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Disposed.
        }
    }

    public bool IsRestricted(string subjectId) => Snapshot.IsRestricted(subjectId);

    public bool HasObjected(string subjectId, ProcessingPurpose purpose) => Snapshot.HasObjected(subjectId, purpose);

    public ProcessingDecision Check(string subjectId, ProcessingPurpose purpose) => Snapshot.Check(subjectId, purpose);

    public IReadOnlySet<string> BlockedFor(ProcessingPurpose purpose) => Snapshot.BlockedFor(purpose);

    public Task RestrictAsync(string subjectId, RestrictionReason reason, CancellationToken cancellationToken = default)
    {
        ValidateSubjectId(subjectId);
        var code = ReasonCode(reason);
        return ChangeAsync(
            "restricting a subject",
            (context, ct) =>
            {
                // The table name comes from the model (quoted by the provider); the values travel as parameters.
                var insert = "INSERT INTO " + Table(context, StoreTables.Restrictions) + " (subject_id, restricted_at, reason) VALUES ({0}, {1}, {2}) ON CONFLICT (subject_id) DO NOTHING";
                return context.Database.ExecuteSqlRawAsync(insert, [subjectId, DateTimeOffset.UtcNow, code], ct);
            },
            cancellationToken);
    }

    public Task LiftRestrictionAsync(string subjectId, CancellationToken cancellationToken = default)
    {
        ValidateSubjectId(subjectId);

        // Every stored spelling of the same GUID or integer id, as the restriction matched them all.
        string[] spellings = [subjectId, .. Snapshot.RestrictedSpellingsOf(subjectId)];
        return ChangeAsync(
            "lifting a restriction",
            (context, ct) => context.Restrictions.Where(r => spellings.Contains(r.SubjectId)).ExecuteDeleteAsync(ct),
            cancellationToken);
    }

    public Task ObjectAsync(string subjectId, ProcessingPurpose purpose, CancellationToken cancellationToken = default)
    {
        ValidateSubjectId(subjectId);
        if (purpose == ProcessingPurpose.LegalObligation)
        {
            throw new ArgumentException("A data subject cannot object to processing for LegalObligation (Art. 21 GDPR does not apply to it).", nameof(purpose));
        }

        var name = purpose.Name;
        return ChangeAsync(
            "recording an objection",
            (context, ct) =>
            {
                var insert = "INSERT INTO " + Table(context, StoreTables.Objections) + " (subject_id, purpose, objected_at) VALUES ({0}, {1}, {2}) ON CONFLICT (subject_id, purpose) DO NOTHING";
                return context.Database.ExecuteSqlRawAsync(insert, [subjectId, name, DateTimeOffset.UtcNow], ct);
            },
            cancellationToken);
    }

    public Task WithdrawObjectionAsync(string subjectId, ProcessingPurpose purpose, CancellationToken cancellationToken = default)
    {
        ValidateSubjectId(subjectId);
        var name = purpose.Name;
        string[] spellings = [subjectId, .. Snapshot.ObjectionSpellingsOf(subjectId, purpose)];
        return ChangeAsync(
            "withdrawing an objection",
            (context, ct) => context.Objections.Where(o => spellings.Contains(o.SubjectId) && o.Purpose == name).ExecuteDeleteAsync(ct),
            cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="change"/> in a transaction that also announces it (PostgreSQL), commits, then reloads the
    /// local snapshot, so the change is enforced here when this returns.
    /// </summary>
    private async Task ChangeAsync(string operation, Func<PrivacyStoreDbContext, CancellationToken, Task<int>> change, CancellationToken cancellationToken)
    {
        var context = _contexts.CreateDbContext();
        await using (context.ConfigureAwait(false))
        {
            try
            {
                var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    await change(context, cancellationToken).ConfigureAwait(false);
                    if (_feed is not null)
                    {
                        // The payload carries no subject id: listeners reload from the store.
                        await context.Database.ExecuteSqlRawAsync("SELECT pg_notify({0}, '')", [StoreTables.RestrictionChannel], cancellationToken).ConfigureAwait(false);
                    }

                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (StoreFailures.IsUnavailable(e))
            {
                throw StoreFailures.Unavailable(context.StoreName, operation, e);
            }
        }

        await ReloadAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reloads the snapshot from the store, unless a reload that started after this call was made has already
    /// finished. Returns once the snapshot reflects every change committed before the call.
    /// </summary>
    private async Task ReloadAsync(CancellationToken cancellationToken)
    {
        var ticket = Interlocked.Increment(ref _requested);
        await _reloadGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Volatile.Read(ref _completed) >= ticket)
            {
                return;
            }

            // Every request made so far is served by this load, which starts after all of them.
            var upTo = Volatile.Read(ref _requested);
            var snapshot = await LoadAsync(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _snapshot, snapshot);
            Volatile.Write(ref _completed, upTo);
        }
        finally
        {
            _reloadGate.Release();
        }
    }

    private async Task<RestrictionSnapshot> LoadAsync(CancellationToken cancellationToken)
    {
        var context = _contexts.CreateDbContext();
        await using (context.ConfigureAwait(false))
        {
            try
            {
                var restricted = await context.Restrictions.AsNoTracking().Select(r => r.SubjectId).ToListAsync(cancellationToken).ConfigureAwait(false);
                var objections = await context.Objections.AsNoTracking().Select(o => new { o.SubjectId, o.Purpose }).ToListAsync(cancellationToken).ConfigureAwait(false);
                var parsed = new List<(string, ProcessingPurpose)>(objections.Count);
                foreach (var objection in objections)
                {
                    // Rows are written with valid purpose names only; a hand-edited invalid one cannot match any purpose.
                    if (ProcessingPurpose.TryCreate(objection.Purpose, out var purpose))
                    {
                        parsed.Add((objection.SubjectId, purpose));
                    }
                }

                return RestrictionSnapshot.Create(restricted, parsed);
            }
            catch (Exception e) when (StoreFailures.IsUnavailable(e))
            {
                throw StoreFailures.Unavailable(context.StoreName, "loading restrictions and objections", e);
            }
        }
    }

    private void ReloadInBackground() => _ = ReloadLoggingFailuresAsync();

    private async Task ReloadLoggingFailuresAsync()
    {
        try
        {
            await ReloadAsync(CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Runs on the listener's callback: log, the next change or reconnection reloads again.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogReloadFailed(_logger, e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // The container may hold this instance under two service types and dispose it once for each.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_resyncLoop is not null)
        {
            await _resyncLoop.ConfigureAwait(false);
        }

        _stopping.Dispose();
        if (_subscription is not null)
        {
            await _subscription.DisposeAsync().ConfigureAwait(false);
        }

        if (_feed is not null)
        {
            await _feed.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static string Table(PrivacyStoreDbContext context, string name) =>
        context.GetService<ISqlGenerationHelper>().DelimitIdentifier(name, context.Schema);

    private static string ReasonCode(RestrictionReason reason) => reason switch
    {
        RestrictionReason.AccuracyContested => "accuracy-contested",
        RestrictionReason.UnlawfulProcessing => "unlawful-processing",
        RestrictionReason.LegalClaims => "legal-claims",
        RestrictionReason.ObjectionPending => "objection-pending",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unknown restriction reason."),
    };

    private static void ValidateSubjectId(string subjectId)
    {
        ArgumentException.ThrowIfNullOrEmpty(subjectId);
        if (subjectId.Length > MaxSubjectIdLength)
        {
            throw new ArgumentException($"A subject id has at most {MaxSubjectIdLength} characters.", nameof(subjectId));
        }
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Error, Message = "Reloading restrictions and objections after a change notification failed; this instance enforces the previous snapshot until the next change or reconnection.")]
    private static partial void LogReloadFailed(ILogger logger, Exception exception);
}
