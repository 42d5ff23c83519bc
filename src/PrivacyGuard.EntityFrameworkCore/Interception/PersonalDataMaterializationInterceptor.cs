using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;
using PrivacyGuard.Encryption;
using PrivacyGuard.EntityFrameworkCore.Infrastructure;
using PrivacyGuard.EntityFrameworkCore.Metadata;

namespace PrivacyGuard.EntityFrameworkCore.Interception;

/// <summary>
/// Decrypts encrypted properties as entities are materialized (their own, those inside complex properties, which EF Core
/// has set by then, and those of owned entities, under their owner's subject), for tracking and no-tracking queries alike, before EF
/// Core snapshots original values, so a tracked entity is Unchanged with plaintext originals. A value whose subject was
/// shredded becomes null and is recorded as erased. A value that is not a PrivacyGuard ciphertext, or fails to
/// decrypt, throws: ciphertext is never handed out as plaintext. A thread-safe singleton.
/// </summary>
/// <remarks>
/// Every entity with personal data is also counted for the access log (<see cref="PendingReads"/>), recorded when the
/// query's reader closes. Materialization is synchronous in EF Core. The subject key comes from the key cache; on a miss it is loaded from
/// the privacy store synchronously (sync over async), once per subject until the cache evicts it.
/// </remarks>
internal sealed class PersonalDataMaterializationInterceptor : IMaterializationInterceptor
{
    private readonly OwnerSubjects _owners = new();

    public static PersonalDataMaterializationInterceptor Instance { get; } = new();

    private PersonalDataMaterializationInterceptor()
    {
    }

    public object InitializedInstance(MaterializationInterceptionData materializationData, object entity)
    {
        var model = PrivacyModel.For(materializationData.Context.Model);
        var hasPersonalData = model.TryGet(materializationData.EntityType, out var info);
        var owner = model.OwnerOf(materializationData.EntityType);
        if (!hasPersonalData && owner is null)
        {
            return entity;
        }

        var context = materializationData.Context;
        var subjectId = SubjectIdOf(materializationData, entity, info, owner);
        if (owner is not null && subjectId is not null)
        {
            // Its owned entities are materialized next and find this subject by the key they hold.
            foreach (var key in owner.Keys)
            {
                _owners.Remember(context, key, ValuesOf(materializationData, key.Properties), subjectId);
            }
        }

        if (info is null)
        {
            return entity;
        }

        var services = PrivacyGuardOptionsExtension.Of(context).Services;
        services.Reads.Add(context, info, subjectId is null ? null : services.AccessLog.TokenizeSubject(subjectId));
        foreach (var property in info.Encrypted)
        {
            var stored = property.GetValue(entity);
            if (stored is null)
            {
                continue;
            }

            if (subjectId is null)
            {
                throw Unreadable(info, property, info.IsOwned
                    ? $"its owner {info.SubjectEntityName} was not loaded with it (query the owner, not the owned entity alone), or its subject id is empty"
                    : "its subject id is empty");
            }

            property.SetValue(entity, Decrypt(services, info, property, subjectId, stored, entity));
        }

        return entity;
    }

    /// <summary>
    /// The entity's subject id: its own property's value, or, for an owned entity, the subject its owner (materialized
    /// just before it) was remembered with under the key the owned entity refers to it by.
    /// </summary>
    private string? SubjectIdOf(MaterializationInterceptionData materializationData, object entity, PrivacyEntity? info, PrivacyOwner? owner)
    {
        var entityType = materializationData.EntityType;
        if (entityType.IsOwned())
        {
            return entityType.FindOwnership() is { } ownership
                ? _owners.Find(materializationData.Context, ownership.PrincipalKey, ValuesOf(materializationData, ownership.Properties))
                : null;
        }

        var subjectProperty = info?.SubjectId ?? owner?.SubjectId;
        if (subjectProperty is null)
        {
            return null;
        }

        return PrivacyEntity.FormatSubjectId(subjectProperty.IsShadowProperty()
            ? materializationData.GetPropertyValue(subjectProperty)
            : subjectProperty.GetGetter().GetClrValueUsingContainingEntity(entity));
    }

    private static object?[] ValuesOf(MaterializationInterceptionData materializationData, IReadOnlyList<IProperty> properties)
    {
        var values = new object?[properties.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = materializationData.GetPropertyValue(properties[i]);
        }

        return values;
    }

    private static object? Decrypt(PrivacyGuardEntityServices services, PrivacyEntity info, PrivacyProperty property, string subjectId, object stored, object entity)
    {
        CiphertextHeader header = default;
        var isHeaderValid = stored is string storedText
            ? FieldEncryptor.TryReadHeader(storedText, out header)
            : stored is byte[] storedBytes && FieldEncryptor.TryReadHeader(storedBytes, out header);
        if (!isHeaderValid)
        {
            throw Unreadable(info, property, "the stored value is not a PrivacyGuard ciphertext");
        }

        SubjectKeyLease lease;
        if (services.Keys.TryGetCached(subjectId, out var cached) && cached.Key.DataKeyId == header.DataKeyId)
        {
            lease = cached;
        }
        else
        {
            cached.Dispose();
            var lookup = services.Keys.FindAsync(subjectId, header.DataKeyId).AsTask().GetAwaiter().GetResult();
            if (lookup.IsErased)
            {
                services.Erased.Mark(entity, property.Name);
                return null;
            }

            lease = lookup.Lease;
        }

        using (lease)
        {
            var context = new EncryptionContext(property.DeclaringEntityName, property.AssociatedName, subjectId);
            DecryptionStatus status;
            object? plaintext;
            if (stored is string text)
            {
                status = services.Encryptor.TryDecryptString(lease.Key, context, text, out var decrypted);
                plaintext = decrypted;
            }
            else
            {
                status = services.Encryptor.TryDecrypt(lease.Key, context, (byte[])stored, out var decrypted);
                plaintext = decrypted;
            }

            return status == DecryptionStatus.Success ? plaintext : throw Unreadable(info, property, $"decryption failed ({status})");
        }
    }

    private static InvalidOperationException Unreadable(PrivacyEntity info, PrivacyProperty property, string reason) =>
        new($"{info.Name}.{property.Name} cannot be read: {reason}. PrivacyGuard never returns stored ciphertext as plaintext.");
}
