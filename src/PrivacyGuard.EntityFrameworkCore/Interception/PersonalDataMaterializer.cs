using System.Buffers;
using Microsoft.EntityFrameworkCore;
using PrivacyGuard.Encryption;
using PrivacyGuard.EntityFrameworkCore.Infrastructure;
using PrivacyGuard.EntityFrameworkCore.Metadata;

namespace PrivacyGuard.EntityFrameworkCore.Interception;

/// <summary>
/// Decrypts encrypted properties as entities are materialized (their own, those inside complex properties, which EF Core
/// has set by then, and those of owned entities, under their owner's subject), for tracking and no-tracking queries alike, before EF
/// Core snapshots original values, so a tracked entity is Unchanged with plaintext originals. A value whose subject was
/// shredded becomes null and is recorded as erased. A value that is not a PrivacyGuard ciphertext, or fails to
/// decrypt, throws: ciphertext is never handed out as plaintext. A thread-safe singleton, called by the materializers
/// <see cref="PersonalDataMaterializerSource"/> compiles.
/// </summary>
/// <remarks>
/// Every entity with personal data is also counted for the access log (<see cref="PendingReads"/>), recorded when the
/// query's reader closes. Materialization is synchronous in EF Core. The subject key comes from the key cache; on a miss it is loaded from
/// the privacy store synchronously (sync over async), once per subject until the cache evicts it.
/// </remarks>
internal sealed class PersonalDataMaterializer
{
    private readonly OwnerSubjects _owners = new();

    public static PersonalDataMaterializer Instance { get; } = new();

    private PersonalDataMaterializer()
    {
    }

    /// <summary>
    /// Called with each materialized <paramref name="entity"/> of a type in <paramref name="plan"/>, with the row's
    /// values of <see cref="MaterializationPlan.Reads"/>; returns the entity, its encrypted properties decrypted.
    /// </summary>
    public object Initialized(DbContext context, MaterializationPlan plan, object entity, object?[] values)
    {
        var info = plan.Info;
        var reads = info is null ? null : PendingReads.Of(context);
        var subjectValue = SubjectValueOf(context, plan, entity, values);

        // Counted for the access log; the subject's id is formatted once per subject and query, not once per row.
        var subjectId = reads is null ? PrivacyEntity.FormatSubjectId(subjectValue) : reads.Add(info!, subjectValue);
        if (plan.Owner is { } owner && subjectId is not null)
        {
            // Its owned entities are materialized next and find this subject by the key they hold.
            for (var i = 0; i < owner.Keys.Length; i++)
            {
                var key = owner.Keys[i];
                _owners.Remember(context, key, Slice(values, plan.OwnerKeyStarts[i], key.Properties.Count), subjectId);
            }
        }

        if (reads is null)
        {
            return entity;
        }

        var services = reads.Services;

        // One key lease for all of the entity's values (they share the subject), taken at the first value.
        var lease = default(SubjectKeyLease);
        try
        {
            foreach (var property in info!.Encrypted)
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

                property.SetValue(entity, Decrypt(services, info, property, subjectId, stored, entity, ref lease));
            }
        }
        finally
        {
            lease.Dispose();
        }

        return entity;
    }

    /// <summary>
    /// The value of the entity's subject id: its own property's value, or, for an owned entity, the subject id its owner
    /// (materialized just before it) was remembered with under the key the owned entity refers to it by.
    /// </summary>
    private object? SubjectValueOf(DbContext context, MaterializationPlan plan, object entity, object?[] values)
    {
        if (plan.Ownership is { } ownership)
        {
            return _owners.Find(context, ownership.PrincipalKey, Slice(values, plan.OwnershipStart, ownership.Properties.Count));
        }

        if (plan.SubjectGetter is { } getter)
        {
            return getter.GetClrValue(entity);
        }

        return plan.SubjectIndex < 0 ? null : values[plan.SubjectIndex];
    }

    private static object?[] Slice(object?[] values, int start, int count) =>
        start == 0 && count == values.Length ? values : values[start..(start + count)];

    /// <summary>
    /// Decrypts one stored value. <paramref name="lease"/> carries the entity's key from one value to the next: used when
    /// it holds the key the value names, else replaced (and disposed by the caller at the end of the entity). Text is
    /// decoded from base64url once, on the stack when it is small, and read for its header and decrypted from there.
    /// </summary>
    private static object? Decrypt(PrivacyGuardEntityServices services, PrivacyEntity info, PrivacyProperty property, string subjectId, object stored, object entity, ref SubjectKeyLease lease)
    {
        if (stored is not string text)
        {
            return stored is byte[] bytes
                ? DecryptBytes(services, info, property, subjectId, bytes, entity, ref lease)
                : throw Unreadable(info, property, "the stored value is not a PrivacyGuard ciphertext");
        }

        const int StackBytes = 1024;
        byte[]? rented = null;
        var length = FieldEncryptor.GetMaxDecodedLength(text);
        var binary = length <= StackBytes ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            if (!FieldEncryptor.TryDecodeText(text, binary, out var written)
                || !FieldEncryptor.TryReadHeader(binary[..written], out var header))
            {
                throw Unreadable(info, property, "the stored value is not a PrivacyGuard ciphertext");
            }

            if (!TryLease(services, property, subjectId, header, entity, ref lease))
            {
                return null;
            }

            var context = new EncryptionContext(property.DeclaringEntityName, property.AssociatedName, subjectId);
            var status = services.Encryptor.TryDecryptString(lease.Key, context, binary[..written], out var plaintext);
            return status == DecryptionStatus.Success ? plaintext : throw Unreadable(info, property, $"decryption failed ({status})");
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static byte[]? DecryptBytes(PrivacyGuardEntityServices services, PrivacyEntity info, PrivacyProperty property, string subjectId, byte[] stored, object entity, ref SubjectKeyLease lease)
    {
        if (!FieldEncryptor.TryReadHeader(stored, out var header))
        {
            throw Unreadable(info, property, "the stored value is not a PrivacyGuard ciphertext");
        }

        if (!TryLease(services, property, subjectId, header, entity, ref lease))
        {
            return null;
        }

        var context = new EncryptionContext(property.DeclaringEntityName, property.AssociatedName, subjectId);
        var status = services.Encryptor.TryDecrypt(lease.Key, context, stored, out var plaintext);
        return status == DecryptionStatus.Success ? plaintext : throw Unreadable(info, property, $"decryption failed ({status})");
    }

    /// <summary>
    /// Makes <paramref name="lease"/> hold the key <paramref name="header"/> names; false when the subject's key was
    /// shredded (the value is then marked erased and reads as null).
    /// </summary>
    private static bool TryLease(PrivacyGuardEntityServices services, PrivacyProperty property, string subjectId, in CiphertextHeader header, object entity, ref SubjectKeyLease lease)
    {
        if (lease.HasKey && lease.Key.DataKeyId == header.DataKeyId)
        {
            return true;
        }

        lease.Dispose();
        lease = default;
        if (services.Keys.TryGetCached(subjectId, out var cached) && cached.Key.DataKeyId == header.DataKeyId)
        {
            lease = cached;
            return true;
        }

        cached.Dispose();
        var lookup = services.Keys.FindAsync(subjectId, header.DataKeyId).AsTask().GetAwaiter().GetResult();
        if (lookup.IsErased)
        {
            services.Erased.Mark(entity, property.Name);
            return false;
        }

        lease = lookup.Lease;
        return true;
    }

    private static InvalidOperationException Unreadable(PrivacyEntity info, PrivacyProperty property, string reason) =>
        new($"{info.Name}.{property.Name} cannot be read: {reason}. PrivacyGuard never returns stored ciphertext as plaintext.");
}
