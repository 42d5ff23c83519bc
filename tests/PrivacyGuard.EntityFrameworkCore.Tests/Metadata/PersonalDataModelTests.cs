using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PrivacyGuard.Tests;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Metadata;

/// <summary>What the personal-data convention puts into the EF Core model, and what it refuses. No database is opened.</summary>
public sealed class PersonalDataModelTests : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public PersonalDataModelTests()
    {
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddPrivacyGuard(keys =>
        {
            keys.CurrentKeyId = "ka";
            keys.Keys["ka"] = TestKeys.SecretA;
        }).AddPrivacyStore(o => o.DataDirectory = Path.GetTempPath()).AddEntityFrameworkCore();
        _services = services.BuildServiceProvider();
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    private IModel ModelOf<TEntity>(Action<ModelBuilder>? configure = null)
        where TEntity : class
    {
        var options = new DbContextOptionsBuilder<ModelContext<TEntity>>().UseSqlite("Data Source=:memory:").UsePrivacyGuard(_services).Options;
        using var context = new ModelContext<TEntity>(options, configure);
        return context.Model;
    }

    [Fact]
    public void Attributes_become_model_annotations_and_searchable_properties_get_an_indexed_blind_index_column()
    {
        var account = ModelOf<Interception.Account>().FindEntityType(typeof(Interception.Account))!;

        Assert.Equal(true, account.FindProperty("Id")![PrivacyGuardAnnotationNames.SubjectId]);
        var email = account.FindProperty("Email")!;
        Assert.Equal(PersonalDataCategory.Email, email[PrivacyGuardAnnotationNames.Category]);
        Assert.Equal(Treatment.Pseudonymize, email[PrivacyGuardAnnotationNames.Treatment]);
        Assert.Equal(Treatment.Truncate, account.FindProperty("SignUpIp")![PrivacyGuardAnnotationNames.Treatment]);
        Assert.Equal(Treatment.Encrypt, account.FindProperty("RealName")![PrivacyGuardAnnotationNames.Treatment]);
        Assert.Equal(true, account.FindProperty("SearchableName")![PrivacyGuardAnnotationNames.Searchable]);
        var blindIndex = account.FindProperty("SearchableNameBlindIndex")!;
        Assert.True(blindIndex.IsShadowProperty());
        Assert.Equal("SearchableName", blindIndex[PrivacyGuardAnnotationNames.BlindIndexFor]);
        Assert.Contains(account.GetIndexes(), i => i.Properties.SequenceEqual([blindIndex]));
        Assert.Null(account.FindProperty("RealNameBlindIndex"));
        Assert.Null(account.FindProperty("Plan")![PrivacyGuardAnnotationNames.Category]);
    }

    [Fact]
    public void Fluent_classification_sets_the_same_annotations_and_wins_over_attributes()
    {
        var model = ModelOf<FluentCustomer>(b => b.Entity<FluentCustomer>(e =>
        {
            e.HasKey(c => c.Key);
            e.Property(c => c.Key).IsDataSubjectId();
            e.Property(c => c.Nickname).IsPersonalData(PersonalDataCategory.UserName);
            e.Property(c => c.FullName).IsPersonalData(PersonalDataCategory.Name, searchable: true);
            e.Property(c => c.LastIp).IsPersonalData(PersonalDataCategory.IpAddress, Treatment.PrefixPreserving);
        }));
        var customer = model.FindEntityType(typeof(FluentCustomer))!;

        Assert.Equal(true, customer.FindProperty("Key")![PrivacyGuardAnnotationNames.SubjectId]);
        Assert.Equal(Treatment.Pseudonymize, customer.FindProperty("Nickname")![PrivacyGuardAnnotationNames.Treatment]);
        Assert.Equal(Treatment.Encrypt, customer.FindProperty("FullName")![PrivacyGuardAnnotationNames.Treatment]);
        Assert.NotNull(customer.FindProperty("FullNameBlindIndex"));
        var ip = customer.FindProperty("LastIp")!;
        Assert.Equal((PersonalDataCategory.IpAddress, Treatment.PrefixPreserving), ((PersonalDataCategory)ip[PrivacyGuardAnnotationNames.Category]!, (Treatment)ip[PrivacyGuardAnnotationNames.Treatment]!));
    }

    [Fact]
    public void Encrypt_on_a_property_that_is_neither_string_nor_bytes_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ModelOf<EncryptedNumber>());
        Assert.Contains("EncryptedNumber.Age", error.Message);
        Assert.Contains("Encrypt", error.Message);
    }

    [Fact]
    public void Truncation_outside_ip_addresses_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ModelOf<TruncatedEmail>());
        Assert.Contains("TruncatedEmail.Email", error.Message);
        Assert.Contains("IpAddress", error.Message);
    }

    [Fact]
    public void Truncation_of_an_ip_address_that_is_not_a_string_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ModelOf<NumericIp>());
        Assert.Contains("NumericIp.Address", error.Message);
    }

    [Fact]
    public void Pseudonymizing_a_property_that_is_not_a_string_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ModelOf<NumericHandle>());
        Assert.Contains("NumericHandle.Handle", error.Message);
        Assert.Contains("Pseudonymize", error.Message);
    }

    [Fact]
    public void Searchable_outside_encrypted_strings_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ModelOf<SearchablePseudonym>());
        Assert.Contains("SearchablePseudonym.Email", error.Message);
        Assert.Contains("searchable", error.Message);
    }

    [Fact]
    public void Encrypted_data_without_a_data_subject_id_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ModelOf<NoSubject>());
        Assert.Contains("NoSubject", error.Message);
        Assert.Contains("[DataSubjectId]", error.Message);
    }

    [Fact]
    public void A_data_subject_id_declared_on_a_derived_type_is_refused()
    {
        // Restriction filters and subject rights work on the root of a hierarchy: the derived rows of a restricted
        // subject would be returned by queries, and neither exported nor erased.
        var error = Assert.Throws<InvalidOperationException>(() => ModelOf<Post>(b => b.Entity<AuthoredPost>()));
        Assert.Contains("AuthoredPost.AuthorId", error.Message);
        Assert.Contains("Post", error.Message);
        Assert.Contains("root", error.Message);
    }

    [Fact]
    public void UsePrivacyGuard_without_the_ef_core_services_says_what_to_register()
    {
        var bare = new ServiceCollection().BuildServiceProvider();
        var error = Assert.Throws<InvalidOperationException>(() => new DbContextOptionsBuilder().UseSqlite("Data Source=:memory:").UsePrivacyGuard(bare));
        Assert.Contains("AddEntityFrameworkCore()", error.Message);
    }

    private sealed class ModelContext<TEntity>(DbContextOptions options, Action<ModelBuilder>? configure) : DbContext(options)
        where TEntity : class
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<TEntity>();
            configure?.Invoke(modelBuilder);
        }
    }

    public sealed class FluentCustomer
    {
        public Guid Key { get; set; }

        [PersonalData(PersonalDataCategory.Name)]
        public string? Nickname { get; set; }

        public string? FullName { get; set; }

        public string? LastIp { get; set; }
    }

    public sealed class EncryptedNumber
    {
        [DataSubjectId]
        public Guid Id { get; set; }

        [PersonalData(PersonalDataCategory.Name)]
        public int Age { get; set; }
    }

    public sealed class TruncatedEmail
    {
        public Guid Id { get; set; }

        [PersonalData(PersonalDataCategory.Email, Treatment = Treatment.Truncate)]
        public string? Email { get; set; }
    }

    public sealed class NumericIp
    {
        public Guid Id { get; set; }

        [PersonalData(PersonalDataCategory.IpAddress)]
        public long Address { get; set; }
    }

    public sealed class NumericHandle
    {
        public Guid Id { get; set; }

        [PersonalData(PersonalDataCategory.UserName)]
        public int Handle { get; set; }
    }

    public class Post
    {
        public Guid Id { get; set; }

        public string Topic { get; set; } = "";
    }

    public sealed class AuthoredPost : Post
    {
        [DataSubjectId]
        public Guid AuthorId { get; set; }

        [PersonalData(PersonalDataCategory.Name)]
        public string? Signature { get; set; }
    }

    public sealed class NoSubject
    {
        public Guid Id { get; set; }

        [PersonalData(PersonalDataCategory.Name)]
        public string? Name { get; set; }
    }

    public sealed class SearchablePseudonym
    {
        public Guid Id { get; set; }

        [PersonalData(PersonalDataCategory.Email, Searchable = true)]
        public string? Email { get; set; }
    }
}
