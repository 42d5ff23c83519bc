using System.ComponentModel.DataAnnotations.Schema;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PrivacyGuard.EntityFrameworkCore.Tests.Interception;
using PrivacyGuard.Tests;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Metadata;

/// <summary>
/// What the personal-data convention reads from owned and complex types, and what it refuses there, each refusal naming
/// the entity and property. No database is opened.
/// </summary>
public sealed class OwnedAndComplexTypeModelTests : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public OwnedAndComplexTypeModelTests()
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

    private IModel ModelOf<TEntity>(Action<ModelBuilder> configure)
        where TEntity : class
    {
        var options = new DbContextOptionsBuilder<ModelContext<TEntity>>().UseSqlite("Data Source=:memory:").UsePrivacyGuard(_services).Options;
        using var context = new ModelContext<TEntity>(options, configure);
        return context.Model;
    }

    [Fact]
    public void Attributes_and_fluent_classification_on_owned_and_complex_types_become_annotations()
    {
        var options = new DbContextOptionsBuilder<CustomersDbContext>().UseSqlite("Data Source=:memory:").UsePrivacyGuard(_services).Options;
        using var context = new CustomersDbContext(options);
        var customer = context.Model.FindEntityType(typeof(Customer))!;

        var home = customer.FindNavigation(nameof(Customer.Home))!.TargetEntityType;
        Assert.Equal(Treatment.Encrypt, home.FindProperty(nameof(PostalAddress.Street))![PrivacyGuardAnnotationNames.Treatment]);
        Assert.Equal(Treatment.Pseudonymize, home.FindProperty(nameof(PostalAddress.Email))![PrivacyGuardAnnotationNames.Treatment]);
        Assert.Null(home.FindProperty(nameof(PostalAddress.City))![PrivacyGuardAnnotationNames.Category]);
        var phone = customer.FindNavigation(nameof(Customer.Phones))!.TargetEntityType;
        Assert.Equal(PersonalDataCategory.Other, phone.FindProperty(nameof(Phone.Number))![PrivacyGuardAnnotationNames.Category]);
        var billing = customer.FindNavigation(nameof(Customer.Billing))!.TargetEntityType;
        Assert.Equal(PersonalDataCategory.Name, billing.FindProperty(nameof(Billing.Holder))![PrivacyGuardAnnotationNames.Category]);

        var contact = customer.FindComplexProperty(nameof(Customer.Contact))!.ComplexType;
        Assert.Equal(Treatment.Encrypt, contact.FindProperty(nameof(ContactCard.FullName))![PrivacyGuardAnnotationNames.Treatment]);
        Assert.Equal(true, contact.FindProperty(nameof(ContactCard.Email))![PrivacyGuardAnnotationNames.Searchable]);
        var shipping = customer.FindComplexProperty(nameof(Customer.Shipping))!.ComplexType;
        Assert.Equal(PersonalDataCategory.Name, shipping.FindProperty(nameof(Shipping.Recipient))![PrivacyGuardAnnotationNames.Category]);

        // Complex types have no shadow properties: the blind index lives on the entity, named after the path.
        var blindIndex = customer.FindProperty("Contact_EmailBlindIndex")!;
        Assert.True(blindIndex.IsShadowProperty());
        Assert.Equal("Contact.Email", blindIndex[PrivacyGuardAnnotationNames.BlindIndexFor]);
        Assert.Contains(customer.GetIndexes(), i => i.Properties.SequenceEqual([blindIndex]));
    }

    [Fact]
    public void Personal_data_in_a_complex_collection_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ModelOf<WithTags>(b => b.Entity<WithTags>().ComplexCollection(e => e.Tags, t => t.ToJson())));
        Assert.Contains("WithTags.Tags.Label", error.Message);
        Assert.Contains("complex collection", error.Message);
        Assert.Contains("OwnsMany", error.Message);
    }

    [Fact]
    public void Personal_data_in_a_struct_complex_type_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ModelOf<WithStruct>(b => b.Entity<WithStruct>().ComplexProperty(e => e.Name)));
        Assert.Contains("WithStruct.Name.Given", error.Message);
        Assert.Contains("struct", error.Message);
    }

    [Fact]
    public void Personal_data_in_an_owned_type_mapped_to_json_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ModelOf<WithJsonOwned>(b => b.Entity<WithJsonOwned>().OwnsOne(e => e.Home, h => h.ToJson())));
        Assert.Contains("WithJsonOwned.Home.Street", error.Message);
        Assert.Contains("JSON", error.Message);
    }

    [Fact]
    public void A_subject_id_inside_a_complex_type_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ModelOf<WithComplexSubject>(b => b.Entity<WithComplexSubject>()));
        Assert.Contains("WithComplexSubject.Identity.UserId", error.Message);
        Assert.Contains("[DataSubjectId]", error.Message);
    }

    [Fact]
    public void A_subject_id_of_its_own_on_an_owned_type_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ModelOf<WithOwnedSubject>(b => b.Entity<WithOwnedSubject>().OwnsOne(e => e.Profile)));
        Assert.Contains("WithOwnedSubject.Profile.UserId", error.Message);
        Assert.Contains("owned by WithOwnedSubject", error.Message);
    }

    [Fact]
    public void An_owned_type_may_mark_the_foreign_key_that_holds_its_owners_subject_id()
    {
        var model = ModelOf<WithOwned>(b => b.Entity<WithOwned>().OwnsOne(e => e.Home, h =>
        {
            h.WithOwner().HasForeignKey("OwnerId");
            h.Property<Guid>("OwnerId").IsDataSubjectId();
        }));

        var home = model.FindEntityType(typeof(WithOwned))!.FindNavigation(nameof(WithOwned.Home))!.TargetEntityType;
        Assert.Equal(true, home.FindProperty("OwnerId")![PrivacyGuardAnnotationNames.SubjectId]);
    }

    [Fact]
    public void Encrypted_owned_data_whose_owner_has_no_subject_id_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ModelOf<OwnerWithoutSubject>(b => b.Entity<OwnerWithoutSubject>().OwnsOne(e => e.Home)));
        Assert.Contains("OwnerWithoutSubject.Home.Street", error.Message);
        Assert.Contains("[DataSubjectId]", error.Message);
    }

    [Fact]
    public void Fluent_classification_of_a_complex_property_sets_the_same_annotations()
    {
        var model = ModelOf<CardHolder>(b => b.Entity<CardHolder>().ComplexProperty(o => o.Card, c => c.Property(x => x.Nick).IsPersonalData(PersonalDataCategory.UserName)));

        var card = model.FindEntityType(typeof(CardHolder))!.FindComplexProperty(nameof(CardHolder.Card))!.ComplexType;
        var nick = card.FindProperty(nameof(Card.Nick))!;
        Assert.Equal((PersonalDataCategory.UserName, Treatment.Pseudonymize), ((PersonalDataCategory)nick[PrivacyGuardAnnotationNames.Category]!, (Treatment)nick[PrivacyGuardAnnotationNames.Treatment]!));
    }

    private sealed class ModelContext<TEntity>(DbContextOptions options, Action<ModelBuilder> configure) : DbContext(options)
        where TEntity : class
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<TEntity>();
            configure(modelBuilder);
        }
    }

    public sealed class Address
    {
        [PersonalData(PersonalDataCategory.Other)]
        public string? Street { get; set; }
    }

    public sealed class Tag
    {
        [PersonalData(PersonalDataCategory.Other)]
        public string? Label { get; set; }
    }

    public struct GivenName
    {
        [PersonalData(PersonalDataCategory.Name)]
        public string? Given { get; set; }
    }

    public sealed class WithTags
    {
        [DataSubjectId]
        public Guid Id { get; set; }

        public List<Tag> Tags { get; set; } = [];
    }

    public sealed class WithStruct
    {
        [DataSubjectId]
        public Guid Id { get; set; }

        public GivenName Name { get; set; }
    }

    public sealed class WithOwned
    {
        [DataSubjectId]
        public Guid Id { get; set; }

        public Address? Home { get; set; }
    }

    [ComplexType]
    public sealed class Identity
    {
        [DataSubjectId]
        public string UserId { get; set; } = "";
    }

    public sealed class WithComplexSubject
    {
        public int Id { get; set; }

        public Identity Identity { get; set; } = new();
    }

    public sealed class Profile
    {
        [DataSubjectId]
        public string UserId { get; set; } = "";

        [PersonalData(PersonalDataCategory.Name)]
        public string? Name { get; set; }
    }

    public sealed class WithOwnedSubject
    {
        [DataSubjectId]
        public Guid Id { get; set; }

        public Profile? Profile { get; set; }
    }

    public sealed class Card
    {
        public string? Nick { get; set; }
    }

    public sealed class OwnerWithoutSubject
    {
        public int Id { get; set; }

        public Address? Home { get; set; }
    }

    public sealed class CardHolder
    {
        public int Id { get; set; }

        public Card Card { get; set; } = new();
    }

    public sealed class WithJsonOwned
    {
        [DataSubjectId]
        public Guid Id { get; set; }

        public Address? Home { get; set; }
    }
}
