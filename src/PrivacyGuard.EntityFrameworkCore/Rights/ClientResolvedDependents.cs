using System.Collections;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace PrivacyGuard.EntityFrameworkCore.Rights;

/// <summary>
/// Loads, before erasure deletes rows, the dependents whose relationship EF Core resolves on the client
/// (<see cref="DeleteBehavior.ClientSetNull"/>, the default of an optional relationship, and
/// <see cref="DeleteBehavior.ClientCascade"/>): only tracked dependents get their foreign key set to null or are deleted
/// with the row, and an untracked one would make the delete fail on its foreign key, at every re-run. Loaded whether or not
/// they hold personal data; through a <see cref="DeleteBehavior.ClientCascade"/> the rows deleted with them are followed too.
/// </summary>
internal static class ClientResolvedDependents
{
    public static async Task LoadAsync(DbContext db, IEnumerable<object> deleted, CancellationToken cancellationToken)
    {
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var frontier = deleted.ToList();
        while (frontier.Count != 0)
        {
            var next = new List<object>();
            foreach (var entity in frontier)
            {
                if (!seen.Add(entity))
                {
                    continue;
                }

                var entry = db.Entry(entity);
                foreach (var navigation in entry.Metadata.GetNavigations())
                {
                    var behavior = navigation.ForeignKey.DeleteBehavior;
                    if (navigation.IsOnDependent || navigation.ForeignKey.IsOwnership
                        || behavior is not (DeleteBehavior.ClientSetNull or DeleteBehavior.ClientCascade))
                    {
                        continue;
                    }

                    var reference = entry.Navigation(navigation.Name);
                    if (!reference.IsLoaded)
                    {
                        await reference.LoadAsync(cancellationToken).ConfigureAwait(false);
                    }

                    if (behavior == DeleteBehavior.ClientCascade)
                    {
                        next.AddRange(Values(reference));
                    }
                }
            }

            frontier = next;
        }
    }

    private static IEnumerable<object> Values(NavigationEntry navigation) => navigation.CurrentValue switch
    {
        null => [],
        IEnumerable items when navigation.Metadata.IsCollection => items.Cast<object>(),
        var single => [single],
    };
}
