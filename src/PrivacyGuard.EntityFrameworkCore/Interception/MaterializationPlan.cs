using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using PrivacyGuard.EntityFrameworkCore.Metadata;

namespace PrivacyGuard.EntityFrameworkCore.Interception;

/// <summary>
/// What decrypting one entity type on materialization needs, worked out once when a query is compiled: its personal
/// data, whether owned types refer to it, and which column values of the row the materializer must hand over (the
/// subject id, the keys owned entities refer to it by, or, for an owned type, the key of its owner), in
/// <see cref="Reads"/> order.
/// </summary>
internal sealed class MaterializationPlan
{
    private MaterializationPlan(IEntityType entityType, PrivacyEntity? info, PrivacyOwner? owner)
    {
        EntityType = entityType;
        Info = info;
        Owner = owner;
        var reads = new List<IProperty>();
        if (entityType.IsOwned())
        {
            Ownership = entityType.FindOwnership();
            if (Ownership is not null)
            {
                OwnershipStart = reads.Count;
                reads.AddRange(Ownership.Properties);
            }
        }
        else if ((info?.SubjectId ?? owner?.SubjectId) is { } subjectId)
        {
            if (!subjectId.IsShadowProperty() && subjectId.DeclaringType is IEntityType)
            {
                // Set on the entity by the time it is handed over: read from there, not parsed from the row again.
                SubjectGetter = subjectId.GetGetter();
            }
            else
            {
                SubjectIndex = reads.Count;
                reads.Add(subjectId);
            }
        }

        if (owner is not null)
        {
            OwnerKeyStarts = new int[owner.Keys.Length];
            for (var i = 0; i < owner.Keys.Length; i++)
            {
                OwnerKeyStarts[i] = reads.Count;
                reads.AddRange(owner.Keys[i].Properties);
            }
        }

        Reads = [.. reads];
    }

    public IEntityType EntityType { get; }

    /// <summary>The entity type's personal data; null when it has none of its own (it only owns types that do).</summary>
    public PrivacyEntity? Info { get; }

    /// <summary>How owned types with personal data refer to this entity type; null when none do.</summary>
    public PrivacyOwner? Owner { get; }

    /// <summary>The properties whose values the materializer reads from the row for <see cref="PersonalDataMaterializer"/>.</summary>
    public IProperty[] Reads { get; }

    /// <summary>
    /// Where the subject id is in the values read; -1 for an owned type, an entity type without one, or one whose subject
    /// id is read through <see cref="SubjectGetter"/>.
    /// </summary>
    public int SubjectIndex { get; } = -1;

    /// <summary>Reads the subject id from the materialized entity when it is a CLR property of the entity type itself.</summary>
    public IClrPropertyGetter? SubjectGetter { get; }

    /// <summary>For an owned type, the ownership whose foreign key values are read from <see cref="OwnershipStart"/>.</summary>
    public IForeignKey? Ownership { get; }

    public int OwnershipStart { get; }

    /// <summary>Where each of <see cref="Owner"/>'s keys starts in the values read.</summary>
    public int[] OwnerKeyStarts { get; } = [];

    /// <summary>The plan for <paramref name="entityType"/>, or null when materializing it involves no personal data.</summary>
    public static MaterializationPlan? For(IEntityType entityType)
    {
        var model = PrivacyModel.For(entityType.Model);
        var hasPersonalData = model.TryGet(entityType, out var info);
        var owner = model.OwnerOf(entityType);
        return hasPersonalData || owner is not null ? new MaterializationPlan(entityType, info, owner) : null;
    }
}
