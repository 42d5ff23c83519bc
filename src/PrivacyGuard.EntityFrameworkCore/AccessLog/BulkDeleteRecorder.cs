using System.Data.Common;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;
using PrivacyGuard.AccessLog;
using PrivacyGuard.EntityFrameworkCore.Infrastructure;
using PrivacyGuard.EntityFrameworkCore.Metadata;

namespace PrivacyGuard.EntityFrameworkCore;

/// <summary>
/// Records <c>ExecuteDelete</c> of entities with personal data, which deletes rows in the database past the change
/// tracker: when such a query is compiled it is tagged (<c>TagWith</c>) with the entity and its categories, and when
/// the tagged <c>DELETE</c> has run, one <see cref="AccessAction.Delete"/> event is recorded with the number of rows
/// deleted as its count and no subject (the rows were never loaded). Fail closed like saves: when the event cannot be
/// written the call throws, although the rows are already deleted unless the caller's transaction is rolled back.
/// Restricted subjects' rows are not deleted: the restriction query filter applies to <c>ExecuteDelete</c> too. A
/// thread-safe singleton.
/// </summary>
internal sealed class BulkDeleteRecorder : DbCommandInterceptor
{
    private const string TagKind = "bulk delete";

    private BulkDeleteRecorder()
    {
    }

    public static BulkDeleteRecorder Instance { get; } = new();

    /// <summary>
    /// <paramref name="query"/> with its source tagged when it is an <c>ExecuteDelete</c> of an entity type with
    /// personal data (its own, or in owned types stored with it); otherwise <paramref name="query"/> itself.
    /// </summary>
    public static Expression Tag(Expression query, IModel model, PrivacyModel privacy)
    {
        if (query is not MethodCallExpression { Method: { Name: nameof(EntityFrameworkQueryableExtensions.ExecuteDelete), IsGenericMethod: true } method } call
            || method.DeclaringType != typeof(EntityFrameworkQueryableExtensions)
            || model.FindEntityType(method.GetGenericArguments()[0]) is not { } entityType)
        {
            return query;
        }

        var categories = CategoriesOf(entityType, privacy);
        if (categories.Count == 0)
        {
            return query;
        }

        var name = privacy.TryGet(entityType, out var entity) ? entity.Name : entityType.ClrType.Name;
        var tagged = AccessTags.TagWith(call.Arguments[0], method.GetGenericArguments()[0], TagKind, name, categories);
        return call.Update(call.Object, [tagged, .. call.Arguments.Skip(1)]);
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        // Synchronous ExecuteDelete records synchronously (sync over async), as synchronous saves do.
        RecordAsync(command, eventData, result, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        await RecordAsync(command, eventData, result, cancellationToken).ConfigureAwait(false);
        return result;
    }

    private static ValueTask RecordAsync(DbCommand command, CommandExecutedEventData eventData, int deleted, CancellationToken cancellationToken)
    {
        if (eventData.Context is not { } context || AccessTags.Read(command.CommandText, TagKind) is not [var (resource, categories), ..])
        {
            return ValueTask.CompletedTask;
        }

        var extension = PrivacyGuardOptionsExtension.Of(context);
        var deletion = EntityAccessEvents.Create(extension, resource, AccessAction.Delete, token: null, categories, deleted);
        return extension.Services.AccessLog.RecordAsync([deletion], cancellationToken);
    }

    /// <summary>The categories of the entity type and of the owned types stored in its rows, sorted; empty when none.</summary>
    private static SortedSet<PersonalDataCategory> CategoriesOf(IEntityType entityType, PrivacyModel privacy)
    {
        var categories = new SortedSet<PersonalDataCategory>();
        var pending = new Stack<IEntityType>([entityType]);
        while (pending.TryPop(out var type))
        {
            if (privacy.TryGet(type, out var entity))
            {
                categories.UnionWith(entity.Properties.Select(p => p.Category));
            }

            foreach (var navigation in type.GetNavigations())
            {
                if (navigation.ForeignKey.IsOwnership && navigation.IsOnDependent is false && navigation.TargetEntityType.IsOwned())
                {
                    pending.Push(navigation.TargetEntityType);
                }
            }
        }

        return categories;
    }
}
