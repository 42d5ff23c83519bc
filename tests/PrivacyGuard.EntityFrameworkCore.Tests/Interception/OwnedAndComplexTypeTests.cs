using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PrivacyGuard.AccessLog;
using PrivacyGuard.Encryption;
using PrivacyGuard.Keys;
using PrivacyGuard.Restriction;
using PrivacyGuard.Rights;
using PrivacyGuard.Tests;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Interception;

/// <summary>
/// Personal data in owned types (OwnsOne, OwnsMany) and complex types end to end on a real database: protected on save
/// under the owner's subject, plaintext in the application's objects, decrypted on tracked and no-tracking reads, read
/// as erased after shredding, exported, erased and rectified. One subclass per provider.
/// </summary>
public abstract class OwnedAndComplexTypeTests : IAsyncLifetime
{
    private const string Street = "12 Elm Street";
    private const string HomeEmail = "jane.home@example.org";
    private const string FullName = "Jane Doe";
    private const string ContactEmail = "Jane.Doe@Example.org";
    private const string PhoneNumber = "+44 20 7946 0958";
    private const string Holder = "Jane Q. Doe";
    private const string Iban = "GB82WEST12345698765432";
    private const string Recipient = "Jane at the office";
    private const string LatLong = "51.5072,-0.1276";

    private ServiceProvider? _services;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected IServiceProvider Services => _services ?? throw new InvalidOperationException("Not started.");

    protected string Jane { get; } = "user-" + Guid.NewGuid().ToString("N");

    protected string John { get; } = "user-" + Guid.NewGuid().ToString("N");

    protected abstract ValueTask CreateDatabasesAsync();

    protected abstract void ConfigureStore(PrivacyStoreOptions options);

    protected abstract void UseAppDatabase(DbContextOptionsBuilder options);

    protected abstract DbConnection CreateRawConnection();

    public virtual async ValueTask InitializeAsync()
    {
        await CreateDatabasesAsync();
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddDbContext<CustomersDbContext>((sp, o) => UseAppDatabase(o.UsePrivacyGuard(sp)));
        services.AddPrivacyGuard(keys =>
        {
            keys.CurrentKeyId = "ka";
            keys.Keys["ka"] = TestKeys.SecretA;
        }).AddPrivacyStore(ConfigureStore).AddEntityFrameworkCore().AddSubjectRights<CustomersDbContext>();
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        foreach (var hosted in _services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(Ct);
        }

        await using var db = NewContext();
        await db.Database.EnsureCreatedAsync(Ct);
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }

    protected CustomersDbContext NewContext()
    {
        var options = new DbContextOptionsBuilder<CustomersDbContext>();
        UseAppDatabase(options);
        options.UsePrivacyGuard(Services);
        return new CustomersDbContext(options.Options);
    }

    private static Customer NewCustomer(string subject, string? street = Street) => new()
    {
        UserId = subject,
        Home = new PostalAddress { Street = street, Email = HomeEmail, City = "London", Location = new GeoLocation { LatLong = LatLong } },
        Contact = new ContactCard { FullName = FullName, Email = ContactEmail, Language = "en-GB" },
        Phones = [new Phone { Number = PhoneNumber, Kind = "mobile" }, new Phone { Number = "+44 161 496 0000", Kind = "home" }],
        Billing = new Billing { Holder = Holder, Iban = Iban },
        Shipping = new Shipping { Recipient = Recipient, Method = "courier" },
    };

    private async Task<Customer> SaveAsync(Customer customer)
    {
        await using var db = NewContext();
        db.Customers.Add(customer);
        await db.SaveChangesAsync(Ct);
        return customer;
    }

    /// <summary>Every cell of a table, as text, read with plain ADO.NET (no EF Core, no PrivacyGuard).</summary>
    private async Task<List<Dictionary<string, string?>>> RawRowsAsync(string table)
    {
        await using var connection = CreateRawConnection();
        return await RawTables.ReadAsync(connection, table, Ct);
    }

    private async Task<Dictionary<string, string?>> RawCustomerAsync(int id) =>
        (await RawRowsAsync("Customers")).Single(r => r["Id"] == id.ToString(CultureInfo.InvariantCulture));

    private async Task RawExecuteAsync(string sql)
    {
        await using var connection = CreateRawConnection();
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Ct);
    }

    private static void AssertHoldsJanesValues(Customer customer)
    {
        Assert.Equal((Street, "London", LatLong), (customer.Home!.Street, customer.Home.City, customer.Home.Location.LatLong));
        Assert.Equal((FullName, ContactEmail, "en-GB"), (customer.Contact.FullName, customer.Contact.Email, customer.Contact.Language));
        Assert.Equal([PhoneNumber, "+44 161 496 0000"], customer.Phones.OrderBy(p => p.Kind == "home").Select(p => p.Number));
        Assert.Equal((Holder, Iban), (customer.Billing!.Holder, customer.Billing.Iban));
        Assert.Equal((Recipient, "courier"), (customer.Shipping.Recipient, customer.Shipping.Method));
    }

    [Fact]
    public async Task Owned_and_complex_personal_values_are_stored_protected_while_the_application_keeps_plaintext()
    {
        var customer = await SaveAsync(NewCustomer(Jane));

        AssertHoldsJanesValues(customer);
        Assert.NotNull(customer.Home!.Email);
        Assert.NotEqual(HomeEmail, customer.Home.Email); // pseudonymization is one-way: the entity holds the token

        string[] plaintexts = [Street, HomeEmail, FullName, ContactEmail, ContactEmail.ToLowerInvariant(), PhoneNumber, "+44 161 496 0000", Holder, Iban, Recipient, LatLong];
        var row = await RawCustomerAsync(customer.Id);
        var phones = await RawRowsAsync("Phone");
        foreach (var cell in row.Values.Concat(phones.SelectMany(p => p.Values)))
        {
            Assert.DoesNotContain(plaintexts, p => cell is not null && cell.Contains(p, StringComparison.OrdinalIgnoreCase));
        }

        foreach (var column in new[] { "Home_Street", "Home_Location_LatLong", "Contact_FullName", "Contact_Email", "Billing_Holder", "Billing_Iban", "Shipping_Recipient" })
        {
            Assert.True(FieldEncryptor.TryReadHeader(row[column]!, out _), column + " holds a PrivacyGuard ciphertext");
        }

        Assert.All(phones, p => Assert.True(FieldEncryptor.TryReadHeader(p["Number"]!, out _)));
        Assert.Equal(customer.Home.Email, row["Home_Email"]);
        Assert.Equal(("London", "en-GB", "courier"), (row["Home_City"], row["Contact_Language"], row["Shipping_Method"]));
        Assert.False(string.IsNullOrEmpty(row["Contact_EmailBlindIndex"]));
    }

    [Fact]
    public async Task Tracked_and_no_tracking_queries_decrypt_owned_and_complex_values()
    {
        var saved = await SaveAsync(NewCustomer(Jane));
        await SaveAsync(NewCustomer(John, street: "1 Other Road"));

        await using (var db = NewContext())
        {
            var tracked = await db.Customers.SingleAsync(c => c.Id == saved.Id, Ct);
            AssertHoldsJanesValues(tracked);
            Assert.Equal(EntityState.Unchanged, db.Entry(tracked).State);
            Assert.False(db.ChangeTracker.HasChanges());
        }

        await using (var db = NewContext())
        {
            var all = await db.Customers.AsNoTracking().OrderBy(c => c.Id).ToListAsync(Ct);
            AssertHoldsJanesValues(all[0]);
            Assert.Equal(("1 Other Road", FullName), (all[1].Home!.Street, all[1].Contact.FullName));
        }

        await using (var db = NewContext())
        {
            var split = await db.Customers.AsNoTracking().AsSplitQuery().SingleAsync(c => c.Id == saved.Id, Ct);
            AssertHoldsJanesValues(split);
        }
    }

    [Fact]
    public async Task Synchronous_saves_and_queries_handle_absent_owned_entities_and_owned_entities_added_later()
    {
        var customer = NewCustomer(Jane);
        (customer.Home, customer.Billing, customer.Phones) = (null, null, []);
        using (var db = NewContext())
        {
            db.Customers.Add(customer);
            db.SaveChanges();
        }

        using (var db = NewContext())
        {
            var loaded = db.Customers.Single(c => c.Id == customer.Id);
            Assert.Equal((null, null, FullName), (loaded.Home, loaded.Billing, loaded.Contact.FullName));
            loaded.Home = new PostalAddress { Street = Street, City = "London", Location = new GeoLocation { LatLong = LatLong } };
            loaded.Phones.Add(new Phone { Number = PhoneNumber });
            db.SaveChanges();
            Assert.Equal(Street, loaded.Home.Street);
        }

        var row = await RawCustomerAsync(customer.Id);
        Assert.True(FieldEncryptor.TryReadHeader(row["Home_Street"]!, out _));
        Assert.True(FieldEncryptor.TryReadHeader(Assert.Single(await RawRowsAsync("Phone"))["Number"]!, out _));
        using var reader = NewContext();
        var reread = reader.Customers.AsNoTracking().Single(c => c.Id == customer.Id);
        Assert.Equal((Street, LatLong, PhoneNumber), (reread.Home!.Street, reread.Home.Location.LatLong, Assert.Single(reread.Phones).Number));
    }

    [Fact]
    public async Task An_optional_complex_property_is_protected_when_present_and_left_alone_when_null()
    {
        var withGift = NewCustomer(Jane);
        withGift.Gift = new GiftNote { To = "Aunt Mary", Wrapping = "silk" };
        await SaveAsync(withGift);
        var withoutGift = await SaveAsync(NewCustomer(John));

        var row = await RawCustomerAsync(withGift.Id);
        Assert.True(FieldEncryptor.TryReadHeader(row["Gift_To"]!, out _));
        Assert.Equal("silk", row["Gift_Wrapping"]);
        Assert.Null((await RawCustomerAsync(withoutGift.Id))["Gift_To"]);

        await using var db = NewContext();
        var customers = await db.Customers.OrderBy(c => c.Id).ToListAsync(Ct);
        Assert.Equal(("Aunt Mary", "silk"), (customers[0].Gift!.To, customers[0].Gift!.Wrapping));
        Assert.Null(customers[1].Gift);
        customers[1].Gift = new GiftNote { To = "Uncle Bob" };
        await db.SaveChangesAsync(Ct);
        Assert.Equal("Uncle Bob", customers[1].Gift!.To);
        Assert.True(FieldEncryptor.TryReadHeader((await RawCustomerAsync(withoutGift.Id))["Gift_To"]!, out _));
    }

    [Fact]
    public async Task Unchanged_owned_and_complex_values_are_not_reencrypted_and_changed_ones_are()
    {
        var saved = await SaveAsync(NewCustomer(Jane));
        var before = await RawCustomerAsync(saved.Id);
        var phonesBefore = (await RawRowsAsync("Phone")).Select(p => p["Number"]).Order().ToList();

        await using (var db = NewContext())
        {
            var customer = await db.Customers.SingleAsync(c => c.Id == saved.Id, Ct);
            customer.Plan = "pro";
            await db.SaveChangesAsync(Ct);
        }

        var after = await RawCustomerAsync(saved.Id);
        foreach (var column in new[] { "Home_Street", "Home_Email", "Contact_FullName", "Contact_Email", "Contact_EmailBlindIndex", "Billing_Holder", "Shipping_Recipient" })
        {
            Assert.Equal(before[column], after[column]);
        }

        Assert.Equal(phonesBefore, (await RawRowsAsync("Phone")).Select(p => p["Number"]).Order().ToList());

        await using (var db = NewContext())
        {
            var customer = await db.Customers.SingleAsync(c => c.Id == saved.Id, Ct);
            customer.Home!.Street = "13 Elm Street";
            customer.Contact.FullName = "Jane Roe";
            customer.Phones.Single(p => p.Kind == "home").Number = "+44 161 496 0001";
            await db.SaveChangesAsync(Ct);
            Assert.Equal(("13 Elm Street", "Jane Roe"), (customer.Home.Street, customer.Contact.FullName));
            Assert.False(db.ChangeTracker.HasChanges());
        }

        var changed = await RawCustomerAsync(saved.Id);
        Assert.NotEqual(before["Home_Street"], changed["Home_Street"]);
        Assert.NotEqual(before["Contact_FullName"], changed["Contact_FullName"]);
        Assert.Equal(before["Contact_Email"], changed["Contact_Email"]);
        Assert.DoesNotContain("13 Elm Street", changed.Values);

        await using var reader = NewContext();
        var reread = await reader.Customers.AsNoTracking().SingleAsync(c => c.Id == saved.Id, Ct);
        Assert.Equal(("13 Elm Street", "Jane Roe", "+44 161 496 0001"), (reread.Home!.Street, reread.Contact.FullName, reread.Phones.Single(p => p.Kind == "home").Number));
    }

    [Fact]
    public async Task A_ciphertext_is_bound_to_its_entity_property_path_and_subject()
    {
        var jane = await SaveAsync(NewCustomer(Jane));
        var john = await SaveAsync(NewCustomer(John));

        // Another path of the same row: Billing.Holder's ciphertext moved into Shipping.Recipient.
        await RawExecuteAsync($"UPDATE \"Customers\" SET \"Shipping_Recipient\" = \"Billing_Holder\" WHERE \"Id\" = {jane.Id}");
        await using (var db = NewContext())
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => db.Customers.AsNoTracking().SingleAsync(c => c.Id == jane.Id, Ct));
            Assert.Contains("Customer.Shipping.Recipient", error.Message);
            Assert.DoesNotContain(Holder, error.Message);
        }

        // The same subject's owned value under another entity: Customer.Home.Street's ciphertext in Delivery.ShipTo.Street.
        await using (var db = NewContext())
        {
            db.Deliveries.Add(new Delivery { UserId = Jane, ShipTo = new PostalAddress { Street = "elsewhere", City = "Leeds" } });
            await db.SaveChangesAsync(Ct);
        }

        var janeStreet = (await RawCustomerAsync(jane.Id))["Home_Street"];
        await RawExecuteAsync($"UPDATE \"Deliveries\" SET \"ShipTo_Street\" = '{janeStreet}'");
        await using (var db = NewContext())
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => db.Deliveries.AsNoTracking().ToListAsync(Ct));
            Assert.Contains("Delivery.ShipTo.Street", error.Message);
            Assert.DoesNotContain(Street, error.Message);
        }

        // The same path of another subject: Jane's Home.Street ciphertext in John's row names Jane's key, not John's.
        await RawExecuteAsync($"UPDATE \"Customers\" SET \"Home_Street\" = '{janeStreet}' WHERE \"Id\" = {john.Id}");
        await using (var db = NewContext())
        {
            await Assert.ThrowsAsync<DataKeyMissingException>(() => db.Customers.AsNoTracking().SingleAsync(c => c.Id == john.Id, Ct));
        }
    }

    [Fact]
    public async Task The_blind_index_of_a_searchable_complex_value_matches_equal_values_across_subjects()
    {
        var jane = await SaveAsync(NewCustomer(Jane));
        var john = NewCustomer(John);
        john.Contact.Email = ContactEmail.ToUpperInvariant();
        await SaveAsync(john);

        var (janeRow, johnRow) = (await RawCustomerAsync(jane.Id), await RawCustomerAsync(john.Id));
        Assert.Equal(janeRow["Contact_EmailBlindIndex"], johnRow["Contact_EmailBlindIndex"]);
        Assert.NotEqual(janeRow["Contact_Email"], johnRow["Contact_Email"]);
    }

    [Fact]
    public async Task A_shredded_subject_reads_its_owned_and_complex_values_as_erased()
    {
        var jane = await SaveAsync(NewCustomer(Jane));
        await SaveAsync(NewCustomer(John));
        Assert.True(await Services.GetRequiredService<SubjectKeyService>().ShredAsync(Jane, Ct));

        await using var db = NewContext();
        var customers = await db.Customers.OrderBy(c => c.Id).ToListAsync(Ct);
        var erased = customers.Single(c => c.Id == jane.Id);
        Assert.Equal((null, null, null, null), (erased.Home!.Street, erased.Contact.FullName, erased.Billing!.Holder, erased.Shipping.Recipient));
        Assert.All(erased.Phones, p => Assert.Null(p.Number));
        Assert.True(db.IsErased(erased.Home, nameof(PostalAddress.Street)));
        Assert.True(db.IsErased(erased.Phones[0], nameof(Phone.Number)));
        Assert.True(db.IsErased(erased, "Contact.FullName"));
        Assert.True(db.IsErased(erased, "Shipping.Recipient"));
        Assert.False(db.IsErased(erased, "Contact.Language"));
        Assert.Equal(("London", "en-GB"), (erased.Home.City, erased.Contact.Language));

        var kept = customers.Single(c => c.Id != jane.Id);
        AssertHoldsJanesValues(kept);
        Assert.False(db.IsErased(kept.Home!, nameof(PostalAddress.Street)));
    }

    [Fact]
    public async Task Export_includes_owned_and_complex_values_decrypted_with_their_categories()
    {
        await SaveAsync(NewCustomer(Jane));
        await SaveAsync(NewCustomer(John, street: "1 Other Road"));

        var export = await Services.GetRequiredService<IDataSubjectRights>().ExportAsync(Jane, Ct);

        var record = Assert.Single(export.Records);
        Assert.Equal("Customer", record.Entity);
        var fields = record.Fields.ToDictionary(f => f.Name);
        Assert.Equal((Street, PersonalDataCategory.Other, ExportFieldState.Plaintext), (fields["Home.Street"].Value, fields["Home.Street"].Category, fields["Home.Street"].State));
        Assert.Equal((PersonalDataCategory.Email, ExportFieldState.Pseudonymized), (fields["Home.Email"].Category, fields["Home.Email"].State));
        Assert.NotEqual(HomeEmail, fields["Home.Email"].Value);
        Assert.Equal((FullName, PersonalDataCategory.Name, Treatment.Encrypt), (fields["Contact.FullName"].Value, fields["Contact.FullName"].Category, fields["Contact.FullName"].Treatment));
        Assert.Equal(ContactEmail, fields["Contact.Email"].Value);
        Assert.Equal([PhoneNumber, "+44 161 496 0000"], new[] { fields["Phones[0].Number"].Value, fields["Phones[1].Number"].Value }.Order().Reverse());
        Assert.Equal((Holder, Iban, Recipient), (fields["Billing.Holder"].Value, fields["Billing.Iban"].Value, fields["Shipping.Recipient"].Value));
        Assert.Equal(LatLong, fields["Home.Location.LatLong"].Value);
        Assert.DoesNotContain("Home.City", fields.Keys);
        Assert.DoesNotContain("Contact.Language", fields.Keys);
    }

    [Fact]
    public async Task Erasure_anonymizes_owned_and_complex_values_and_deletes_owned_rows_with_their_owner()
    {
        var jane = await SaveAsync(NewCustomer(Jane));
        var john = await SaveAsync(NewCustomer(John));
        await using (var db = NewContext())
        {
            db.Deliveries.Add(new Delivery { UserId = Jane, ShipTo = new PostalAddress { Street = Street, City = "London" } });
            db.Deliveries.Add(new Delivery { UserId = John, ShipTo = new PostalAddress { Street = "1 Other Road", City = "Leeds" } });
            await db.SaveChangesAsync(Ct);
        }

        var result = await Services.GetRequiredService<IDataSubjectRights>().EraseAsync(Jane, Ct);

        Assert.Equal((1, 1), (result.Deleted, result.Anonymized));
        var row = await RawCustomerAsync(jane.Id);
        foreach (var column in new[] { "Home_Street", "Home_Email", "Home_Location_LatLong", "Contact_FullName", "Contact_Email", "Contact_EmailBlindIndex", "Billing_Holder", "Billing_Iban", "Shipping_Recipient" })
        {
            Assert.True(row[column] is null, column + " is cleared");
        }

        Assert.Equal(("London", "en-GB", "basic"), (row["Home_City"], row["Contact_Language"], row["Plan"]));
        var phones = await RawRowsAsync("Phone");
        Assert.All(phones.Where(p => p["CustomerId"] == jane.Id.ToString(CultureInfo.InvariantCulture)), p => Assert.Null(p["Number"]));
        Assert.All(phones.Where(p => p["CustomerId"] == john.Id.ToString(CultureInfo.InvariantCulture)), p => Assert.NotNull(p["Number"]));
        Assert.Equal([John], (await RawRowsAsync("Deliveries")).Select(d => d["UserId"]));
        Assert.False(string.IsNullOrEmpty((await RawCustomerAsync(john.Id))["Home_Street"]));

        var export = await Services.GetRequiredService<IDataSubjectRights>().ExportAsync(Jane, Ct);
        Assert.True(export.Erased);
        Assert.All(Assert.Single(export.Records).Fields, f => Assert.Null(f.Value));
    }

    [Fact]
    public async Task Rectification_reaches_complex_and_owned_values()
    {
        var jane = await SaveAsync(NewCustomer(Jane));
        var rights = Services.GetRequiredService<IDataSubjectRights>();

        Assert.Equal(1, await rights.RectifyAsync(Jane, nameof(Customer), "Contact.FullName", "Jane Roe", Ct));
        Assert.Equal(1, await rights.RectifyAsync(Jane, nameof(Customer), "Home.Street", "13 Elm Street", Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => rights.RectifyAsync(Jane, nameof(Customer), "Home.City", "Leeds", Ct));

        await using var db = NewContext();
        var customer = await db.Customers.AsNoTracking().SingleAsync(c => c.Id == jane.Id, Ct);
        Assert.Equal(("Jane Roe", "13 Elm Street", Holder), (customer.Contact.FullName, customer.Home!.Street, customer.Billing!.Holder));
        Assert.DoesNotContain("13 Elm Street", (await RawCustomerAsync(jane.Id)).Values);
    }

    [Fact]
    public async Task Owned_entities_are_logged_as_resources_of_their_own_under_their_owners_subject()
    {
        await SaveAsync(NewCustomer(Jane));
        await using (var db = NewContext())
        {
            Assert.Single(await db.Customers.AsNoTracking().ToListAsync(Ct));
        }

        var events = new List<AccessEvent>();
        await foreach (var recorded in Services.GetRequiredService<IAccessLogReader>().QueryAsync(new AccessLogQuery { Limit = 1_000 }, Ct))
        {
            events.Add(recorded.Event);
        }

        var token = Services.GetRequiredService<IAccessLog>().TokenizeSubject(Jane);
        Assert.Contains(events, e => (e.Action, e.Resource, e.SubjectToken, e.Count) == (AccessAction.Write, "Customer.Home", token, 1));
        Assert.Contains(events, e => (e.Action, e.Resource, e.SubjectToken, e.Count) == (AccessAction.Write, "Customer.Phones", token, 2));
        Assert.Contains(events, e => (e.Action, e.Resource, e.SubjectToken) == (AccessAction.Read, "Customer.Billing", token));
        var owner = Assert.Single(events, e => e.Action == AccessAction.Read && e.Resource == "Customer");
        Assert.Equal(token, owner.SubjectToken);
        Assert.Equal([PersonalDataCategory.Name, PersonalDataCategory.Email], owner.Categories.Order()); // the complex values' categories
    }

    [Fact]
    public async Task An_owned_entity_projected_without_its_owner_is_refused_rather_than_returned_as_ciphertext()
    {
        await SaveAsync(NewCustomer(Jane));
        await using var db = NewContext();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => db.Customers.AsNoTracking().Select(c => c.Billing).ToListAsync(Ct));
        Assert.Contains("Customer.Billing.Holder", error.Message);
        Assert.Contains("owner", error.Message);
        Assert.DoesNotContain(Holder, error.Message);
    }

    [Fact]
    public async Task Queries_and_bulk_updates_on_encrypted_owned_or_complex_values_are_refused()
    {
        await SaveAsync(NewCustomer(Jane));
        await using var db = NewContext();

        var filter = await Assert.ThrowsAsync<InvalidOperationException>(() => db.Customers.Where(c => c.Home!.Street == Street).ToListAsync(Ct));
        Assert.Contains("PostalAddress.Street", filter.Message);
        var projection = await Assert.ThrowsAsync<InvalidOperationException>(() => db.Customers.Select(c => c.Contact.FullName).ToListAsync(Ct));
        Assert.Contains("ContactCard.FullName", projection.Message);
        var update = await Assert.ThrowsAsync<InvalidOperationException>(() => db.Customers.ExecuteUpdateAsync(s => s.SetProperty(c => c.Shipping.Recipient, "someone"), Ct));
        Assert.Contains("Shipping.Recipient", update.Message);
    }

    [Fact]
    public async Task A_complex_value_with_encrypted_members_projected_whole_is_refused_rather_than_returned_as_ciphertext()
    {
        var withGift = NewCustomer(Jane);
        withGift.Gift = new GiftNote { To = "Aunt Mary" };
        await SaveAsync(withGift);
        await SaveAsync(NewCustomer(John));
        await using var db = NewContext();

        var alone = await Assert.ThrowsAsync<InvalidOperationException>(() => db.Customers.AsNoTracking().Select(c => c.Contact).ToListAsync(Ct));
        Assert.Contains("Customer.Contact", alone.Message);
        Assert.Matches(@"encrypted property Contact\.(FullName|Email)", alone.Message);
        Assert.DoesNotContain(FullName, alone.Message);
        var inside = await Assert.ThrowsAsync<InvalidOperationException>(() => db.Customers.Select(c => new { c.Id, c.Shipping }).ToListAsync(Ct));
        Assert.Contains("Customer.Shipping", inside.Message);
        var nested = await Assert.ThrowsAsync<InvalidOperationException>(() => db.Customers.Select(c => c.Home!.Location).ToListAsync(Ct));
        Assert.Contains("PostalAddress.Location", nested.Message);

        // Its other members, and whether an optional one is there, are plain columns.
        Assert.Equal(["en-GB", "en-GB"], await db.Customers.Select(c => c.Contact.Language).ToListAsync(Ct));
        Assert.Equal([Jane], await db.Customers.Where(c => c.Gift != null).Select(c => c.UserId).ToListAsync(Ct));
    }

    [Fact]
    public async Task Changing_adding_or_removing_an_owned_entity_of_a_restricted_subject_is_refused_outside_a_legal_obligation()
    {
        var jane = await SaveAsync(NewCustomer(Jane));
        var before = await RawCustomerAsync(jane.Id);
        await using var edit = NewContext();
        await using var add = NewContext();
        await using var remove = NewContext();
        var (edited, added, removed) = (
            await edit.Customers.SingleAsync(c => c.Id == jane.Id, Ct),
            await add.Customers.SingleAsync(c => c.Id == jane.Id, Ct),
            await remove.Customers.SingleAsync(c => c.Id == jane.Id, Ct));
        await Services.GetRequiredService<IRestrictionRegistry>().RestrictAsync(Jane, RestrictionReason.AccuracyContested, Ct);

        // Only the owned entities change; the customer's own row is untouched.
        edited.Home!.Street = "13 Elm Street";
        await Assert.ThrowsAsync<ProcessingRestrictedException>(() => edit.SaveChangesAsync(Ct));
        added.Phones.Add(new Phone { Number = "+44 113 496 0000" });
        Assert.Throws<ProcessingRestrictedException>(() => add.SaveChanges());
        removed.Phones.RemoveAt(0);
        await Assert.ThrowsAsync<ProcessingRestrictedException>(() => remove.SaveChangesAsync(Ct));

        Assert.Equal(before["Home_Street"], (await RawCustomerAsync(jane.Id))["Home_Street"]);
        Assert.Equal(2, (await RawRowsAsync("Phone")).Count);

        using (Services.GetRequiredService<IPrivacyScope>().BeginScope(ProcessingPurpose.LegalObligation, "auditor"))
        {
            await edit.SaveChangesAsync(Ct);
        }

        Assert.NotEqual(before["Home_Street"], (await RawCustomerAsync(jane.Id))["Home_Street"]);
    }

    [Fact]
    public async Task A_customer_moved_to_another_subject_has_its_owned_and_complex_values_encrypted_again_under_it()
    {
        var customer = await SaveAsync(NewCustomer(Jane));
        var before = await RawCustomerAsync(customer.Id);

        await using (var db = NewContext())
        {
            var loaded = await db.Customers.SingleAsync(c => c.Id == customer.Id, Ct);
            loaded.UserId = John;
            db.SaveChanges();
            AssertHoldsJanesValues(loaded);
            Assert.False(db.ChangeTracker.HasChanges());
        }

        Assert.NotEqual(before["Home_Street"], (await RawCustomerAsync(customer.Id))["Home_Street"]);
        await using var reader = NewContext();
        var moved = await reader.Customers.AsNoTracking().SingleAsync(c => c.Id == customer.Id, Ct);
        Assert.Equal(John, moved.UserId);
        AssertHoldsJanesValues(moved);
    }
}
