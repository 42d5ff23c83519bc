using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using PrivacyGuard.AccessLog;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using PrivacyGuard.Encryption;
using PrivacyGuard.EntityFrameworkCore.Metadata;
using PrivacyGuard.Keys;
using PrivacyGuard.Restriction;
using PrivacyGuard.Rights;

namespace PrivacyGuard.EntityFrameworkCore.Rights;

/// <summary>
/// <see cref="IDataSubjectRights"/> over the registered EF Core contexts: each operation resolves each context in its own
/// scope and works in a <see cref="ProcessingPurpose.LegalObligation"/> privacy scope, so restricted subjects' rows are
/// reachable. Values are read and written through the normal PrivacyGuard interceptors.
/// </summary>
internal sealed class EfDataSubjectRights(
    IEnumerable<SubjectRightsContextRegistration> contexts,
    IServiceScopeFactory scopes,
    SubjectKeyService keys,
    IDataKeyStore keyStore,
    IRestrictionRegistry restrictions,
    IPrivacyScope privacyScope,
    IAccessLog accessLog) : IDataSubjectRights
{
    private const string Actor = "PrivacyGuard.SubjectRights";

    private static readonly MethodInfo LoadMethod =
        typeof(EfDataSubjectRights).GetMethod(nameof(LoadTypedAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    private readonly SubjectRightsContextRegistration[] _contexts = [.. contexts.DistinctBy(c => c.ContextType)];

    public Task<SubjectExport> ExportAsync(string subjectId, CancellationToken cancellationToken = default) =>
        AuditedAsync(AccessAction.Export, subjectId, null, () => ExportCoreAsync(subjectId, cancellationToken), cancellationToken);

    private async Task<SubjectExport> ExportCoreAsync(string subjectId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(subjectId);
        var erased = await WasShreddedAsync(subjectId, cancellationToken).ConfigureAwait(false);
        var records = new List<ExportRecord>();
        using (privacyScope.BeginScope(ProcessingPurpose.LegalObligation, Actor))
        {
            foreach (var registration in _contexts)
            {
                using var scope = scopes.CreateScope();
                var db = (DbContext)scope.ServiceProvider.GetRequiredService(registration.ContextType);
                var model = PrivacyModel.For(db.Model);
                var rows = new List<(IEntityType Type, object Entity)>();
                foreach (var (entityType, subjectProperty) in SubjectEntityTypes(db.Model))
                {
                    foreach (var entity in await LoadAsync(db, entityType, subjectProperty, subjectId, tracking: false, cancellationToken).ConfigureAwait(false))
                    {
                        var runtimeType = db.Model.FindEntityType(entity.GetType()) ?? entityType;
                        records.Add(ToRecord(db, model, runtimeType, entity, erased, via: null));
                        rows.Add((runtimeType, entity));
                    }
                }

                // Then the rows they lead to through navigations to dependents without a subject id of their own.
                foreach (var dependent in await DependentPersonalData.LoadAsync(db, rows, tracking: false, cancellationToken).ConfigureAwait(false))
                {
                    if (dependent.HoldsPersonalData)
                    {
                        records.Add(ToRecord(db, model, dependent.Type, dependent.Entity, erased, dependent.Via));
                    }
                }
            }
        }

        return new SubjectExport
        {
            Subject = subjectId,
            ExportedAt = DateTimeOffset.UtcNow,
            Erased = erased,
            Restricted = restrictions.IsRestricted(subjectId),
            Objections = [.. ProcessingPurpose.WellKnown.Where(p => restrictions.HasObjected(subjectId, p)).Select(p => p.Name)],
            Records = records,
        };
    }

    public Task<int> RectifyAsync(string subjectId, string entity, string propertyName, string? newValue, CancellationToken cancellationToken = default) =>
        AuditedAsync(AccessAction.Rectify, subjectId, null, () => RectifyCoreAsync(subjectId, entity, propertyName, newValue, cancellationToken), cancellationToken);

    private async Task<int> RectifyCoreAsync(string subjectId, string entity, string propertyName, string? newValue, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(subjectId);
        ArgumentException.ThrowIfNullOrEmpty(entity);
        ArgumentException.ThrowIfNullOrEmpty(propertyName);
        if (await WasShreddedAsync(subjectId, cancellationToken).ConfigureAwait(false))
        {
            // Writing a value now would create a new key for an erased subject.
            throw new InvalidOperationException("The data subject was erased; there is nothing to rectify.");
        }

        var found = false;
        var changed = 0;
        using (privacyScope.BeginScope(ProcessingPurpose.LegalObligation, Actor))
        {
            foreach (var registration in _contexts)
            {
                using var scope = scopes.CreateScope();
                var db = (DbContext)scope.ServiceProvider.GetRequiredService(registration.ContextType);
                var model = PrivacyModel.For(db.Model);
                foreach (var (entityType, subjectProperty) in SubjectEntityTypes(db.Model))
                {
                    if (!string.Equals(entityType.ClrType.Name, entity, StringComparison.Ordinal))
                    {
                        continue;
                    }

                    // The entity's own property, one inside a complex property (Address.Street) or one of an owned entity (Address.Street).
                    var property = model.TryGet(entityType, out var info) && info.ByName.TryGetValue(propertyName, out var own)
                        ? own
                        : OwnedPersonalData.FindProperty(entityType, propertyName, model);
                    if (property is null || property.Property.ClrType != typeof(string))
                    {
                        throw new ArgumentException($"{entity}.{propertyName} is not a personal-data string property.", nameof(propertyName));
                    }

                    found = true;
                    foreach (var row in await LoadAsync(db, entityType, subjectProperty, subjectId, tracking: true, cancellationToken).ConfigureAwait(false))
                    {
                        var target = info is not null && info.ByName.ContainsKey(propertyName)
                            ? row
                            : OwnedPersonalData.Find(db.Entry(row).Metadata, row, propertyName, model)?.Instance;
                        if (target is not null && property.EntryOf(db.Entry(target)) is { } propertyEntry)
                        {
                            propertyEntry.CurrentValue = newValue;
                            propertyEntry.IsModified = true;
                            changed++;
                        }
                    }

                    await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }

        return found ? changed : throw new ArgumentException($"No registered context has an entity type {entity} with a data subject id.", nameof(entity));
    }

    public Task RestrictAsync(string subjectId, RestrictionReason reason, CancellationToken cancellationToken = default) =>
        AuditedAsync(AccessAction.Restrict, subjectId, null, () => Done(restrictions.RestrictAsync(subjectId, reason, cancellationToken)), cancellationToken);

    public Task LiftRestrictionAsync(string subjectId, CancellationToken cancellationToken = default) =>
        AuditedAsync(AccessAction.LiftRestriction, subjectId, null, () => Done(restrictions.LiftRestrictionAsync(subjectId, cancellationToken)), cancellationToken);

    public Task ObjectAsync(string subjectId, ProcessingPurpose purpose, CancellationToken cancellationToken = default) =>
        AuditedAsync(AccessAction.RecordObjection, subjectId, "purpose:" + purpose.Name, () => Done(restrictions.ObjectAsync(subjectId, purpose, cancellationToken)), cancellationToken);

    public Task WithdrawObjectionAsync(string subjectId, ProcessingPurpose purpose, CancellationToken cancellationToken = default) =>
        AuditedAsync(AccessAction.WithdrawObjection, subjectId, "purpose:" + purpose.Name, () => Done(restrictions.WithdrawObjectionAsync(subjectId, purpose, cancellationToken)), cancellationToken);

    private static async Task<bool> Done(Task operation)
    {
        await operation.ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Records the operation in the access log before it runs (fail closed: no record, no operation), and a failed event
    /// when it then throws. The rows it reads and writes are recorded by the interceptors as well.
    /// </summary>
    private async Task<T> AuditedAsync<T>(AccessAction action, string subjectId, string? reason, Func<Task<T>> operation, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(subjectId);
        var accessEvent = new AccessEvent
        {
            Action = action,
            Outcome = AccessOutcome.Succeeded,
            Resource = "SubjectRights",
            SubjectToken = accessLog.TokenizeSubject(subjectId),
            Purpose = ProcessingPurpose.LegalObligation,
            Actor = privacyScope.CurrentActor ?? Actor,
            Reason = reason,
        };
        await accessLog.RecordAsync(accessEvent, cancellationToken).ConfigureAwait(false);
        try
        {
            return await operation().ConfigureAwait(false);
        }
        catch (Exception failure) when (failure is not AccessLogUnavailableException)
        {
            try
            {
                await accessLog.RecordAsync(accessEvent with { Outcome = AccessOutcome.Failed, Reason = "operation-failed" }, CancellationToken.None).ConfigureAwait(false);
            }
            catch (AccessLogUnavailableException)
            {
                // The operation's own exception is the one the caller sees; the access log has logged its failure.
            }

            throw;
        }
    }

    public Task<ErasureResult> EraseAsync(string subjectId, CancellationToken cancellationToken = default) =>
        AuditedAsync(AccessAction.Erase, subjectId, null, () => EraseCoreAsync(subjectId, cancellationToken), cancellationToken);

    private async Task<ErasureResult> EraseCoreAsync(string subjectId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(subjectId);

        // Shred first: from here on every encrypted value of the subject, in this database and in any backup, is
        // unreadable, and the store's tombstone keeps it so. Rows are handled afterwards; a re-run finds what is left.
        // The key of a Guid or integer subject is named by the id's canonical text, whichever spelling was given.
        var shredded = false;
        foreach (var keySubjectId in KeySubjectIds(subjectId))
        {
            shredded |= await keys.ShredAsync(keySubjectId, cancellationToken).ConfigureAwait(false);
        }

        var deleted = 0;
        var anonymized = 0;
        using (privacyScope.BeginScope(ProcessingPurpose.LegalObligation, Actor))
        {
            foreach (var registration in _contexts)
            {
                using var scope = scopes.CreateScope();
                var db = (DbContext)scope.ServiceProvider.GetRequiredService(registration.ContextType);
                var model = PrivacyModel.For(db.Model);
                var rows = new List<(EntityEntry Entry, IProperty SubjectId)>();
                foreach (var (entityType, subjectProperty) in SubjectEntityTypes(db.Model))
                {
                    foreach (var entity in await LoadAsync(db, entityType, subjectProperty, subjectId, tracking: true, cancellationToken).ConfigureAwait(false))
                    {
                        rows.Add((db.Entry(entity), subjectProperty));
                    }
                }

                // Dependents without a subject id of their own (the rows export follows navigations to) are loaded before
                // any state changes and handled first: a principal deleted afterwards cascades over them as the model says.
                var dependents = await DependentPersonalData.LoadAsync(db, [.. rows.Select(r => (r.Entry.Metadata, r.Entry.Entity))], tracking: true, cancellationToken).ConfigureAwait(false);
                await ClientResolvedDependents.LoadAsync(
                    db,
                    [
                        .. rows.Where(r => ActionFor(r.Entry.Metadata, r.SubjectId) == ErasureAction.Delete).Select(r => r.Entry.Entity),
                        .. dependents.Where(d => d.HoldsPersonalData && DependentActionFor(d.Type) == ErasureAction.Delete).Select(d => d.Entity),
                    ],
                    cancellationToken).ConfigureAwait(false);
                var erasedDependents = new List<EntityEntry>();
                foreach (var dependent in dependents.Where(d => d.HoldsPersonalData))
                {
                    var entry = db.Entry(dependent.Entity);
                    if (DependentActionFor(entry.Metadata) == ErasureAction.Delete)
                    {
                        entry.State = EntityState.Deleted;
                    }
                    else
                    {
                        Anonymize(entry, model);
                    }

                    erasedDependents.Add(entry);
                }

                foreach (var (entry, subjectProperty) in rows)
                {
                    if (ActionFor(entry.Metadata, subjectProperty) == ErasureAction.Delete)
                    {
                        entry.State = EntityState.Deleted;
                        deleted++;
                    }
                    else
                    {
                        Anonymize(entry, model);
                        anonymized++;
                    }
                }

                var dependentsDeleted = erasedDependents.Count(e => e.State == EntityState.Deleted);
                (deleted, anonymized) = (deleted + dependentsDeleted, anonymized + erasedDependents.Count - dependentsDeleted);
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        return new ErasureResult(shredded, deleted, anonymized);
    }

    /// <summary>
    /// The policy of an entity type: its <see cref="OnErasureAttribute"/>, else Delete when its key is the subject id (or
    /// it has no subject id at all: the row cannot be about anyone but itself), else Anonymize.
    /// </summary>
    internal static ErasureAction ActionFor(IEntityType entityType, IProperty? subjectProperty)
    {
        if (entityType.ClrType.GetCustomAttribute<OnErasureAttribute>(inherit: true) is { } attribute)
        {
            return attribute.Action;
        }

        if (subjectProperty is null)
        {
            return ErasureAction.Delete;
        }

        return entityType.FindPrimaryKey()?.Properties is [var only] && only.Name == subjectProperty.Name
            ? ErasureAction.Delete
            : ErasureAction.Anonymize;
    }

    /// <summary>
    /// The policy of a dependent without a subject id of its own reached from a subject's row: its
    /// <see cref="OnErasureAttribute"/>, else Anonymize (an order or its line records something else, which may have to
    /// be kept; its principal's delete still cascades over it as the model says).
    /// </summary>
    internal static ErasureAction DependentActionFor(IEntityType entityType) =>
        entityType.ClrType.GetCustomAttribute<OnErasureAttribute>(inherit: true)?.Action ?? ErasureAction.Anonymize;

    /// <summary>
    /// Clears every nullable personal-data value of a tracked row (and the blind index of a required one), inside its
    /// complex properties and in the owned entities loaded with it too.
    /// </summary>
    internal static void Anonymize(EntityEntry entry, PrivacyModel model)
    {
        foreach (var (_, owned, ownedInfo) in OwnedPersonalData.Of(entry.Metadata, entry.Entity, model))
        {
            if (ownedInfo is not null)
            {
                AnonymizeValues(entry.Context.Entry(owned), ownedInfo);
            }
        }

        if (model.TryGet(entry.Metadata, out var info))
        {
            AnonymizeValues(entry, info);
        }
    }

    private static void AnonymizeValues(EntityEntry entry, PrivacyEntity info)
    {
        foreach (var property in info.Properties)
        {
            if (property.Property.IsNullable)
            {
                // Marked modified even when already null (an erased value reads as null): the stored ciphertext or
                // token is overwritten, and the save clears the blind index with it. A null complex property has nothing to clear.
                if (property.EntryOf(entry) is not { } propertyEntry)
                {
                    continue;
                }

                propertyEntry.CurrentValue = null;
                propertyEntry.IsModified = true;
            }
            else if (property.BlindIndex is not null)
            {
                // A required encrypted value keeps its (unreadable) ciphertext; its blind index would still match.
                var blindIndex = entry.Property(property.BlindIndex);
                blindIndex.CurrentValue = null;
                blindIndex.IsModified = true;
            }
        }
    }

    private static ExportRecord ToRecord(DbContext db, PrivacyModel model, IEntityType entityType, object entity, bool erased, string? via)
    {
        var key = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var keyProperty in entityType.FindPrimaryKey()?.Properties ?? [])
        {
            key[keyProperty.Name] = Convert.ToString(keyProperty.GetGetter().GetClrValueUsingContainingEntity(entity), CultureInfo.InvariantCulture);
        }

        var fields = new List<ExportField>();
        if (model.TryGet(entityType, out var info))
        {
            AddFields(db, info, entity, prefix: null, erased, fields);
        }

        // Owned entities are part of their owner's record, their fields named by path: Address.Street, Addresses[0].Street.
        foreach (var (path, owned, ownedInfo) in OwnedPersonalData.Of(entityType, entity, model))
        {
            if (ownedInfo is not null)
            {
                AddFields(db, ownedInfo, owned, path, erased, fields);
            }
        }

        return new ExportRecord { Entity = entityType.ClrType.Name, Key = key, Fields = fields, Via = via };
    }

    private static void AddFields(DbContext db, PrivacyEntity info, object entity, string? prefix, bool erased, List<ExportField> fields)
    {
        foreach (var property in info.Properties)
        {
            var value = property.GetValue(entity) switch
            {
                null => null,
                byte[] bytes => Convert.ToBase64String(bytes),
                var other => Convert.ToString(other, CultureInfo.InvariantCulture),
            };
            var state = property.Treatment switch
            {
                Treatment.Encrypt when db.IsErased(entity, property.Name) || (erased && value is null) => ExportFieldState.Erased,
                Treatment.Encrypt => ExportFieldState.Plaintext,
                _ when value is null => ExportFieldState.Plaintext,
                _ => ExportFieldState.Pseudonymized,
            };
            var name = prefix is null ? property.Name : prefix + "." + property.Name;
            fields.Add(new ExportField { Name = name, Category = property.Category, Treatment = property.Treatment, Value = value, State = state });
        }
    }

    /// <summary>Root, non-owned entity types with a data subject id (derived types are loaded through their root).</summary>
    private static IEnumerable<(IEntityType EntityType, IProperty SubjectId)> SubjectEntityTypes(IModel model)
    {
        foreach (var entityType in model.GetEntityTypes())
        {
            if (entityType.BaseType is not null || entityType.IsOwned() || entityType.HasSharedClrType)
            {
                continue;
            }

            if (entityType.GetProperties().FirstOrDefault(PersonalDataAnnotations.IsSubjectId) is { } subjectId)
            {
                yield return (entityType, subjectId);
            }
        }
    }

    /// <summary>
    /// The ids the subject's data keys may be stored under: <paramref name="subjectId"/> as given, and the canonical text
    /// (<see cref="PrivacyEntity.FormatSubjectId"/>, as saves name the key) of each subject id type it parses as.
    /// </summary>
    private HashSet<string> KeySubjectIds(string subjectId)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal) { subjectId };
        foreach (var registration in _contexts)
        {
            using var scope = scopes.CreateScope();
            var db = (DbContext)scope.ServiceProvider.GetRequiredService(registration.ContextType);
            foreach (var (_, subjectProperty) in SubjectEntityTypes(db.Model))
            {
                if (PrivacyEntity.FormatSubjectId(ParseId(subjectProperty, subjectId)) is { } canonical)
                {
                    ids.Add(canonical);
                }
            }
        }

        return ids;
    }

    private async Task<bool> WasShreddedAsync(string subjectId, CancellationToken cancellationToken)
    {
        foreach (var keySubjectId in KeySubjectIds(subjectId))
        {
            if (await keyStore.WasShreddedAsync(keySubjectId, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The subject id as the value of <paramref name="subjectProperty"/>; null when it is not one.</summary>
    private static object? ParseId(IProperty subjectProperty, string subjectId)
    {
        var type = Nullable.GetUnderlyingType(subjectProperty.ClrType) ?? subjectProperty.ClrType;
        return type == typeof(string) ? subjectId
            : type == typeof(Guid) ? (Guid.TryParse(subjectId, out var guid) ? guid : null)
            : TryParseInteger(type, subjectId);
    }

    private static Task<List<object>> LoadAsync(DbContext db, IEntityType entityType, IProperty subjectProperty, string subjectId, bool tracking, CancellationToken cancellationToken)
    {
        var id = ParseId(subjectProperty, subjectId);
        if (id is null)
        {
            return Task.FromResult(new List<object>());
        }

        return (Task<List<object>>)LoadMethod.MakeGenericMethod(entityType.ClrType)
            .Invoke(null, [db, subjectProperty, new Box(id), tracking, cancellationToken])!;
    }

    private static object? TryParseInteger(Type type, string text)
    {
        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }

        try
        {
            return Convert.ChangeType(value, type, CultureInfo.InvariantCulture);
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static async Task<List<object>> LoadTypedAsync<TEntity>(DbContext db, IProperty subjectProperty, Box id, bool tracking, CancellationToken cancellationToken)
        where TEntity : class
    {
        // e => EF.Property<TId>(e, "<subject id>") == (TId)box.Value: the id is a query parameter, not a literal.
        var e = Expression.Parameter(typeof(TEntity), "e");
        var column = Expression.Call(typeof(EF), nameof(EF.Property), [subjectProperty.ClrType], e, Expression.Constant(subjectProperty.Name));
        var value = Expression.Convert(Expression.Property(Expression.Constant(id), nameof(Box.Value)), subjectProperty.ClrType);
        var query = db.Set<TEntity>().Where(Expression.Lambda<Func<TEntity, bool>>(Expression.Equal(column, value), e));
        var rows = await (tracking ? query : query.AsNoTracking()).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Cast<object>()];
    }

    private sealed class Box(object value)
    {
        public object Value { get; } = value;
    }
}
