using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace PrivacyGuard.EntityFrameworkCore;

/// <summary>
/// The privacy store: subject keys, tombstones of shredded subjects, restrictions, objections and the access log. One derived context per provider
/// (<see cref="SqlitePrivacyStoreDbContext"/>, <see cref="PostgreSqlPrivacyStoreDbContext"/>), each with its own
/// migrations, so that each provider's schema is exactly what it needs. Table and column names are snake_case on
/// both providers, so hand-written SQL reads the same.
/// </summary>
internal abstract class PrivacyStoreDbContext : DbContext
{
    private string? _subjectKeysTable;
    private string? _shreddedSubjectsTable;

    protected PrivacyStoreDbContext(DbContextOptions options)
        : base(options)
    {
    }

    /// <summary>The store's name for messages: <c>SQLite</c> or <c>PostgreSQL</c>.</summary>
    public abstract string StoreName { get; }

    /// <summary>The schema the store's tables live in, or null where the provider has none (SQLite).</summary>
    public abstract string? Schema { get; }

    public DbSet<SubjectKeyRecord> SubjectKeys => Set<SubjectKeyRecord>();

    public DbSet<ShreddedSubjectRecord> ShreddedSubjects => Set<ShreddedSubjectRecord>();

    public DbSet<RestrictionRecord> Restrictions => Set<RestrictionRecord>();

    public DbSet<ObjectionRecord> Objections => Set<ObjectionRecord>();

    public DbSet<AccessEventRecord> AccessEvents => Set<AccessEventRecord>();

    public DbSet<AccessLogHeadRecord> AccessLogHeads => Set<AccessLogHeadRecord>();

    /// <summary>The <c>access_events</c> table, schema-qualified and quoted for hand-written SQL.</summary>
    public string AccessEventsTable => this.GetService<ISqlGenerationHelper>().DelimitIdentifier(StoreTables.AccessEvents, Schema);

    /// <summary>The <c>access_log_heads</c> table, schema-qualified and quoted for hand-written SQL.</summary>
    public string AccessLogHeadsTable => this.GetService<ISqlGenerationHelper>().DelimitIdentifier(StoreTables.AccessLogHeads, Schema);

    /// <summary>The <c>subject_keys</c> table, schema-qualified and quoted for hand-written SQL.</summary>
    public string SubjectKeysTable =>
        _subjectKeysTable ??= this.GetService<ISqlGenerationHelper>().DelimitIdentifier(StoreTables.SubjectKeys, Schema);

    /// <summary>The <c>shredded_subjects</c> table, schema-qualified and quoted for hand-written SQL.</summary>
    public string ShreddedSubjectsTable =>
        _shreddedSubjectsTable ??= this.GetService<ISqlGenerationHelper>().DelimitIdentifier(StoreTables.ShreddedSubjects, Schema);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        if (Schema is not null)
        {
            modelBuilder.HasDefaultSchema(Schema);
        }

        modelBuilder.Entity<SubjectKeyRecord>(key =>
        {
            key.ToTable(StoreTables.SubjectKeys);
            key.HasKey(k => k.SubjectId);
            key.Property(k => k.SubjectId).HasColumnName("subject_id").HasMaxLength(200);
            key.Property(k => k.DataKeyId).HasColumnName("data_key_id");
            key.Property(k => k.KekId).HasColumnName("kek_id").HasMaxLength(16);
            key.Property(k => k.WrappedKey).HasColumnName("wrapped_key");
            key.Property(k => k.CreatedAt).HasColumnName("created_at");
        });

        modelBuilder.Entity<ShreddedSubjectRecord>(tombstone =>
        {
            tombstone.ToTable(StoreTables.ShreddedSubjects);
            tombstone.HasKey(t => t.SubjectId);
            tombstone.Property(t => t.SubjectId).HasColumnName("subject_id").HasMaxLength(200);
            tombstone.Property(t => t.ShreddedAt).HasColumnName("shredded_at");
        });

        modelBuilder.Entity<RestrictionRecord>(restriction =>
        {
            restriction.ToTable(StoreTables.Restrictions);
            restriction.HasKey(r => r.SubjectId);
            restriction.Property(r => r.SubjectId).HasColumnName("subject_id").HasMaxLength(200);
            restriction.Property(r => r.RestrictedAt).HasColumnName("restricted_at");
            restriction.Property(r => r.Reason).HasColumnName("reason").HasMaxLength(64);
        });

        modelBuilder.Entity<ObjectionRecord>(objection =>
        {
            objection.ToTable(StoreTables.Objections);
            objection.HasKey(o => new { o.SubjectId, o.Purpose });
            objection.Property(o => o.SubjectId).HasColumnName("subject_id").HasMaxLength(200);
            objection.Property(o => o.Purpose).HasColumnName("purpose").HasMaxLength(64);
            objection.Property(o => o.ObjectedAt).HasColumnName("objected_at");
        });

        modelBuilder.Entity<AccessEventRecord>(access =>
        {
            access.ToTable(StoreTables.AccessEvents);
            access.HasKey(e => e.Id);
            access.Property(e => e.Id).HasColumnName("id").ValueGeneratedOnAdd();
            access.Property(e => e.Chain).HasColumnName("chain").HasMaxLength(40);
            access.Property(e => e.Sequence).HasColumnName("sequence");
            access.HasIndex(e => new { e.Chain, e.Sequence }).IsUnique();
            access.Property(e => e.KeyId).HasColumnName("key_id").HasMaxLength(16);
            access.Property(e => e.OccurredAt).HasColumnName("occurred_at");
            access.HasIndex(e => e.OccurredAt);
            access.Property(e => e.Action).HasColumnName("action").HasMaxLength(32);
            access.Property(e => e.Outcome).HasColumnName("outcome").HasMaxLength(16);
            access.Property(e => e.Resource).HasColumnName("resource").HasMaxLength(200);
            access.Property(e => e.SubjectToken).HasColumnName("subject_token").HasMaxLength(128);
            access.HasIndex(e => e.SubjectToken);
            access.Property(e => e.Purpose).HasColumnName("purpose").HasMaxLength(64);
            access.Property(e => e.Actor).HasColumnName("actor").HasMaxLength(200);
            access.Property(e => e.Categories).HasColumnName("categories").HasMaxLength(256);
            access.Property(e => e.ClientAddress).HasColumnName("client_address").HasMaxLength(128);
            access.Property(e => e.Count).HasColumnName("count");
            access.Property(e => e.Reason).HasColumnName("reason").HasMaxLength(64);
            access.Property(e => e.PreviousHash).HasColumnName("previous_hash").HasMaxLength(64);
            access.Property(e => e.Hash).HasColumnName("hash").HasMaxLength(64);
        });

        modelBuilder.Entity<AccessLogHeadRecord>(head =>
        {
            head.ToTable(StoreTables.AccessLogHeads);
            head.HasKey(h => h.Chain);
            head.Property(h => h.Chain).HasColumnName("chain").HasMaxLength(40);
            head.Property(h => h.KeyId).HasColumnName("key_id").HasMaxLength(16);
            head.Property(h => h.LastSequence).HasColumnName("last_sequence");
            head.Property(h => h.LastHash).HasColumnName("last_hash").HasMaxLength(64);
            head.Property(h => h.Mac).HasColumnName("mac").HasMaxLength(64);
            head.Property(h => h.UpdatedAt).HasColumnName("updated_at");
        });
    }
}
