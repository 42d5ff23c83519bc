using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace PrivacyGuard.EntityFrameworkCore;

/// <summary>Caches one model per context type and schema, so stores in two schemas in one process each get theirs.</summary>
internal sealed class PrivacyStoreModelCacheKeyFactory : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) =>
        (context.GetType(), (context as PrivacyStoreDbContext)?.Schema, designTime);
}
