using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using PrivacyGuard.Encryption;
using PrivacyGuard.EntityFrameworkCore.Infrastructure;
using PrivacyGuard.EntityFrameworkCore.Metadata;

namespace PrivacyGuard.EntityFrameworkCore.Interception;

/// <summary>
/// Decrypts encrypted properties as entities are materialized, for tracking and no-tracking queries alike, before EF
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
    public static PersonalDataMaterializationInterceptor Instance { get; } = new();

    private PersonalDataMaterializationInterceptor()
    {
    }

    public object InitializedInstance(MaterializationInterceptionData materializationData, object entity)
    {
        var model = PrivacyModel.For(materializationData.Context.Model);
        if (!model.TryGet(materializationData.EntityType, out var info))
        {
            return entity;
        }

        var services = PrivacyGuardOptionsExtension.Of(materializationData.Context).Services;
        var readSubject = info.SubjectId is { } subjectProperty && !subjectProperty.IsShadowProperty()
            ? PrivacyEntity.FormatSubjectId(subjectProperty.GetGetter().GetClrValueUsingContainingEntity(entity))
            : null;
        services.Reads.Add(materializationData.Context, info, readSubject is null ? null : services.AccessLog.TokenizeSubject(readSubject));
        if (info.Encrypted.Count == 0)
        {
            return entity;
        }

        string? subjectId = null;
        foreach (var property in info.Encrypted)
        {
            var stored = property.GetValue(entity);
            if (stored is null)
            {
                continue;
            }

            subjectId ??= PrivacyEntity.FormatSubjectId(info.SubjectId!.GetGetter().GetClrValueUsingContainingEntity(entity))
                ?? throw Unreadable(info, property, "its subject id is empty");
            property.SetValue(entity, Decrypt(services, info, property, subjectId, stored, entity));
        }

        return entity;
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
            var context = new EncryptionContext(property.DeclaringEntityName, property.Name, subjectId);
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
