using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using PrivacyGuard.AccessLog;
using PrivacyGuard.Encryption;
using PrivacyGuard.EntityFrameworkCore.Infrastructure;
using PrivacyGuard.EntityFrameworkCore.Metadata;
using PrivacyGuard.Restriction;

namespace PrivacyGuard.EntityFrameworkCore.Interception;

/// <summary>
/// Protects personal data on its way to the database, on entities, owned entities (under their owner's data subject) and
/// complex properties alike. For added entities and modified properties only:
/// pseudonymized properties become their token (one-way: the entity holds the token after the save); encrypted
/// properties are swapped for ciphertext just for the save and swapped back afterwards, with the plaintext as the
/// original value, so the application's entity never holds ciphertext and an unchanged value is never re-encrypted.
/// The save is recorded in the access log (one event per entity type, action, subject and categories) after protection
/// and before the database executes it: if the log cannot be written the save throws and nothing is saved; if the
/// database then fails, a second, failed event is recorded. A refused (restricted) save records a denied event.
/// A thread-safe singleton: per-save state is kept per context instance.
/// </summary>
internal sealed class PersonalDataSaveChangesInterceptor : SaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbContext, List<Swap>> _pending = [];
    private readonly ConditionalWeakTable<DbContext, List<AccessEvent>> _recorded = [];

    private PersonalDataSaveChangesInterceptor()
    {
    }

    public static PersonalDataSaveChangesInterceptor Instance { get; } = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        // Synchronous SaveChanges: a subject's first key is created in the store synchronously (sync over async).
        ProtectAsync(eventData.Context, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await ProtectAsync(eventData.Context, cancellationToken).ConfigureAwait(false);
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Forget(eventData.Context);
        Restore(eventData.Context, saved: true);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        Restore(eventData.Context, saved: true);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        Restore(eventData.Context, saved: false);
        RecordFailedAsync(eventData.Context, "save-failed").GetAwaiter().GetResult();
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Restore(eventData.Context, saved: false);
        return RecordFailedAsync(eventData.Context, "save-failed");
    }

    public override void SaveChangesCanceled(DbContextEventData eventData)
    {
        Restore(eventData.Context, saved: false);
        RecordFailedAsync(eventData.Context, "save-canceled").GetAwaiter().GetResult();
    }

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Restore(eventData.Context, saved: false);
        return RecordFailedAsync(eventData.Context, "save-canceled");
    }

    private void Forget(DbContext? context)
    {
        if (context is not null)
        {
            _recorded.Remove(context);
        }
    }

    private async ValueTask ProtectAsync(DbContext? context, CancellationToken cancellationToken)
    {
        if (context is null)
        {
            return;
        }

        var extension = PrivacyGuardOptionsExtension.Of(context);
        var model = PrivacyModel.For(context.Model);
        if (model.IsEmpty && RestrictionSaveGuard.SubjectIdsOf(context.Model).Count == 0)
        {
            return;
        }

        // The SavingChanges interception runs before EF's own DetectChanges; Entries() detects changes first, once for
        // the restriction check and the protection both. A copy, because values are replaced while iterating.
        var entries = context.ChangeTracker.Entries().ToList();

        // Restriction and objection first: a refused save must not have created keys or changed any value.
        try
        {
            RestrictionSaveGuard.Check(context.Model, entries, extension.Services);
        }
        catch (ProcessingRestrictedException)
        {
            await RecordDeniedAsync(context, extension, cancellationToken).ConfigureAwait(false);
            throw;
        }
        if (model.IsEmpty)
        {
            return;
        }

        var services = extension.Services;
        var purpose = extension.DefaultPurpose;
        var swaps = new List<Swap>();

        // Every subject's key in one go (cache, then one store look-up, then one batch insert for new subjects),
        // rather than a store round trip per subject.
        OwnerEntries? owners = null;
        var subjectIds = SubjectsToEncryptFor(entries, model, ref owners);
        var leases = subjectIds.Count == 0
            ? new Dictionary<string, SubjectKeyLease>(StringComparer.Ordinal)
            : new Dictionary<string, SubjectKeyLease>(await services.Keys.GetOrCreateManyAsync(subjectIds, cancellationToken).ConfigureAwait(false), StringComparer.Ordinal);
        try
        {
            foreach (var entry in entries)
            {
                if (!model.TryGet(entry.Metadata, out var entity))
                {
                    continue;
                }

                var moved = SubjectMoves.HasMoved(entry, entity, ref owners, entries);
                if (entry.State is not (EntityState.Added or EntityState.Modified) && !moved)
                {
                    continue;
                }

                // The entity's subject id, formatted at its first encrypted value and reused for the others, unless a
                // value pseudonymized in between is the subject id itself.
                string? subjectId = null;
                var added = entry.State == EntityState.Added;
                foreach (var property in entity.Properties)
                {
                    var propertyEntry = property.EntryOf(entry);
                    var encrypt = property.Treatment == Treatment.Encrypt;
                    var reencrypt = moved && encrypt;
                    if (propertyEntry is null || (!added && !propertyEntry.IsModified && !reencrypt))
                    {
                        continue;
                    }

                    var value = propertyEntry.CurrentValue;
                    if (reencrypt && value is null)
                    {
                        // An erased value: the old subject's unreadable ciphertext is cleared rather than left under the new subject.
                        propertyEntry.IsModified = true;
                    }

                    if (encrypt)
                    {
                        if (property.BlindIndex is not null)
                        {
                            entry.Property(property.BlindIndex).CurrentValue = value is string text ? services.BlindIndexes.Compute(property, text) : null;
                        }

                        if (value is null)
                        {
                            continue;
                        }

                        subjectId ??= SubjectIdOf(OwnerEntries.SubjectEntryOf(entry, entity, ref owners, entries), entity, property);

                        // Fetched up front for the whole save; only a subject id changed in between (by a pseudonymized value) gets here.
                        if (!leases.TryGetValue(subjectId, out var lease))
                        {
                            lease = await services.Keys.GetOrCreateAsync(subjectId, cancellationToken).ConfigureAwait(false);
                            leases.Add(subjectId, lease);
                        }

                        Encrypt(services, entity, property, propertyEntry, value, subjectId, lease.Key, swaps);
                    }
                    else if (value is string text && !PersonalValuePseudonymizer.IsPseudonym(services.Pseudonymizers, property, text, purpose))
                    {
                        swaps.Add(new Swap(propertyEntry, property, text, restoreAfterSave: false));
                        propertyEntry.CurrentValue = PersonalValuePseudonymizer.Pseudonymize(services.Pseudonymizers, entity, property, text, purpose);
                        if (ReferenceEquals(property.Property, entity.SubjectId) && property.ComplexPath.Count == 0)
                        {
                            subjectId = null;
                        }
                    }
                }
            }
        }
        catch
        {
            Restore(swaps, saved: false, services.Erased);
            throw;
        }
        finally
        {
            foreach (var lease in leases.Values)
            {
                lease.Dispose();
            }
        }

        // Recorded before the database sees the save: when the access log cannot be written, nothing is saved.
        var events = EntityAccessEvents.ForSave(entries, model, extension);
        if (events.Count != 0)
        {
            try
            {
                await services.AccessLog.RecordAsync(events, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                Restore(swaps, saved: false, services.Erased);
                throw;
            }

            _recorded.AddOrUpdate(context, events);
        }

        if (swaps.Count != 0)
        {
            _pending.AddOrUpdate(context, swaps);
        }
    }

    private static async ValueTask RecordDeniedAsync(DbContext context, PrivacyGuardOptionsExtension extension, CancellationToken cancellationToken)
    {
        var denied = EntityAccessEvents.Create(extension, context.GetType().Name, AccessAction.Write, null, [], 1, AccessOutcome.Denied, "processing-restricted");
        try
        {
            await extension.Services.AccessLog.RecordAsync(denied, cancellationToken).ConfigureAwait(false);
        }
        catch (AccessLogUnavailableException)
        {
            // The save is refused either way; the access log has logged its own failure.
        }
    }

    /// <summary>A save recorded as succeeded failed in the database: record that too (best effort, the save already failed).</summary>
    private async Task RecordFailedAsync(DbContext? context, string reason)
    {
        if (context is null || !_recorded.TryGetValue(context, out var events))
        {
            return;
        }

        _recorded.Remove(context);
        var extension = PrivacyGuardOptionsExtension.Of(context);
        try
        {
            await extension.Services.AccessLog.RecordAsync([.. events.Select(e => e with { Outcome = AccessOutcome.Failed, Reason = reason })]).ConfigureAwait(false);
        }
        catch (AccessLogUnavailableException)
        {
            // The save's own exception is the one the caller sees; the access log has logged its failure.
        }
    }

    /// <summary>
    /// The distinct subjects whose keys this save encrypts under. Fails before any key is created when an entity to
    /// encrypt has no subject id yet.
    /// </summary>
    private static HashSet<string> SubjectsToEncryptFor(List<EntityEntry> entries, PrivacyModel model, ref OwnerEntries? owners)
    {
        var subjectIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (!model.TryGet(entry.Metadata, out var entity))
            {
                continue;
            }

            var moved = SubjectMoves.HasMoved(entry, entity, ref owners, entries);
            if (entry.State is not (EntityState.Added or EntityState.Modified) && !moved)
            {
                continue;
            }

            foreach (var property in entity.Properties)
            {
                if (property.Treatment != Treatment.Encrypt)
                {
                    continue;
                }

                var propertyEntry = property.EntryOf(entry);
                if (propertyEntry is null || (entry.State != EntityState.Added && !propertyEntry.IsModified && !moved) || propertyEntry.CurrentValue is null)
                {
                    continue;
                }

                // All of an entity's values are encrypted under one subject: its first value to encrypt names it.
                subjectIds.Add(SubjectIdOf(OwnerEntries.SubjectEntryOf(entry, entity, ref owners, entries), entity, property));
                break;
            }
        }

        return subjectIds;
    }

    /// <summary>The subject id of <paramref name="subjectEntry"/>: the entity's own, or its root owner's for an owned entity.</summary>
    private static string SubjectIdOf(EntityEntry? subjectEntry, PrivacyEntity entity, PrivacyProperty property)
    {
        if (subjectEntry is null)
        {
            throw new InvalidOperationException(
                $"{entity.Name}.{property.Name} is encrypted under its owner's data subject key, but its owner {entity.SubjectEntityName} is not tracked with it; "
                + "save an owned entity through its owner.");
        }

        var subjectProperty = subjectEntry.Property(entity.SubjectId!);
        var subjectId = PrivacyEntity.FormatSubjectId(subjectProperty.CurrentValue);
        return subjectId is null || subjectProperty.IsTemporary
            ? throw new InvalidOperationException(
                $"{entity.Name}.{property.Name} is encrypted under its data subject's key, but {entity.SubjectEntityName}.{entity.SubjectId!.Name} has no value yet; assign the subject id before saving.")
            : subjectId;
    }

    /// <summary>Swaps <paramref name="plaintext"/> for its ciphertext under <paramref name="subjectId"/>'s key until the save is over.</summary>
    private static void Encrypt(
        PrivacyGuardEntityServices services,
        PrivacyEntity entity,
        PrivacyProperty property,
        PropertyEntry propertyEntry,
        object plaintext,
        string subjectId,
        SubjectDataKey key,
        List<Swap> swaps)
    {
        var context = new EncryptionContext(property.DeclaringEntityName, property.AssociatedName, subjectId);
        object ciphertext = plaintext switch
        {
            string text => services.Encryptor.EncryptString(key, context, text),
            byte[] bytes => services.Encryptor.Encrypt(key, context, bytes),
            _ => throw new InvalidOperationException($"{entity.Name}.{property.Name} is neither string nor byte[]."),
        };
        swaps.Add(new Swap(propertyEntry, property, plaintext, restoreAfterSave: true));
        propertyEntry.CurrentValue = ciphertext;
    }

    private void Restore(DbContext? context, bool saved)
    {
        if (context is not null && _pending.TryGetValue(context, out var swaps))
        {
            _pending.Remove(context);
            Restore(swaps, saved, PrivacyGuardOptionsExtension.Of(context).Services.Erased);
        }
    }

    private static void Restore(List<Swap> swaps, bool saved, ErasedValues erased)
    {
        foreach (var (propertyEntry, property, value, restoreAfterSave) in swaps)
        {
            var entry = propertyEntry.EntityEntry;
            var state = entry.State;
            if (saved && !restoreAfterSave && state is not (EntityState.Added or EntityState.Modified))
            {
                continue; // a saved and accepted token stays: pseudonymization is one-way
            }

            // Otherwise the clear value goes back, tokens included: after a failed save, and after a save whose changes
            // were not accepted (SaveChanges(false)), which is saved again as it stands when retried.
            if (saved && state == EntityState.Unchanged)
            {
                // The database now holds the ciphertext of this plaintext: make the plaintext the original value, so
                // the next save sends nothing for it and an edit is still detected.
                RestoreSaved(entry, propertyEntry, property, value);
                erased.Clear(entry.Entity, property.Name);
            }
            else
            {
                propertyEntry.CurrentValue = value;
            }
        }
    }

    /// <summary>
    /// Puts the plaintext back as both current and original value of a saved, unchanged entity's property. Under
    /// snapshot change tracking, for a property the entity declares, the plaintext is written to the entity itself and
    /// then made the original value, which EF Core compares with the (equal) current value and so leaves the entry
    /// Unchanged; setting the current value through the entry first would mark the entity Modified and back again.
    /// </summary>
    private static void RestoreSaved(EntityEntry entry, PropertyEntry propertyEntry, PrivacyProperty property, object? value)
    {
        if (property.ComplexPath.Count == 0 && property.CanSetValue
            && entry.Metadata.GetChangeTrackingStrategy() == ChangeTrackingStrategy.Snapshot)
        {
            property.SetValue(entry.Entity, value);
            propertyEntry.OriginalValue = value;
            if (!propertyEntry.IsModified)
            {
                return;
            }
        }
        else
        {
            propertyEntry.OriginalValue = value;
            propertyEntry.CurrentValue = value;
        }

        propertyEntry.IsModified = false;
    }

    /// <summary>A value to put back after the save. Not a record: its generated ToString would print the value.</summary>
    private readonly struct Swap(PropertyEntry entry, PrivacyProperty property, object? value, bool restoreAfterSave)
    {
        public PropertyEntry Entry { get; } = entry;

        public PrivacyProperty Property { get; } = property;

        public object? Value { get; } = value;

        public bool RestoreAfterSave { get; } = restoreAfterSave;

        public void Deconstruct(out PropertyEntry entry, out PrivacyProperty property, out object? value, out bool restoreAfterSave) =>
            (entry, property, value, restoreAfterSave) = (Entry, Property, Value, RestoreAfterSave);

        public override string ToString() => $"Swap({Property.Name})";
    }
}
