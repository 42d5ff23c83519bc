using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PrivacyGuard.EntityFrameworkCore.Tests.Interception;
using PrivacyGuard.Rights;
using PrivacyGuard.Tests;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Rights;

/// <summary>
/// Export and erasure follow navigations from a subject's rows to dependents without a subject id of their own (orders,
/// their lines, a loyalty card), and no further: not up to a shared principal, not into a type with its own subject id.
/// One subclass per provider.
/// </summary>
public abstract class DependentRowsTests : IAsyncLifetime
{
    private const string JaneName = "Jane Doe";
    private const string JaneShipping = "jane.parcels@example.org";
    private const string JaneIp = "203.0.113.77";
    private const string JaneGift = "janes-friend";
    private const string JaneCard = "jane.card@example.org";
    private const string JohnName = "John Roe";
    private const string JohnShipping = "john.parcels@example.org";
    private const string CompanyContact = "boss@acme.example";

    private readonly CommandLog _commands = new();

    private ServiceProvider? _services;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected IServiceProvider Services => _services ?? throw new InvalidOperationException("Not started.");

    private IDataSubjectRights Rights => Services.GetRequiredService<IDataSubjectRights>();

    private Guid Jane { get; } = Guid.NewGuid();

    private Guid John { get; } = Guid.NewGuid();

    private Seeded JaneRows { get; set; } = null!;

    private Seeded JohnRows { get; set; } = null!;

    private int JaneReviewId { get; set; }

    private int JohnReviewId { get; set; }

    protected abstract ValueTask CreateDatabasesAsync();

    protected abstract void ConfigureStore(PrivacyStoreOptions options);

    protected abstract void UseShopDatabase(DbContextOptionsBuilder options);

    protected abstract DbConnection CreateRawConnection();

    public virtual async ValueTask InitializeAsync()
    {
        await CreateDatabasesAsync();
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddDbContext<ShopDbContext>((sp, o) => UseShopDatabase(o.UsePrivacyGuard(sp).AddInterceptors(_commands)));
        services.AddPrivacyGuard(keys =>
        {
            keys.CurrentKeyId = "ka";
            keys.Keys["ka"] = TestKeys.SecretA;
        }).AddPrivacyStore(ConfigureStore).AddEntityFrameworkCore().AddSubjectRights<ShopDbContext>();
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        foreach (var hosted in _services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(Ct);
        }

        await using var db = NewShop();
        await db.Database.EnsureCreatedAsync(Ct);
        var company = new Company { Title = "Acme", ContactEmail = CompanyContact };
        var jane = new Customer
        {
            Id = Jane,
            Name = JaneName,
            Company = company,
            Card = new LoyaltyCard { Email = JaneCard },
            Orders =
            [
                new Order { Reference = "J-1", ShippingEmail = JaneShipping, PlacedFromIp = JaneIp, Lines = [new OrderLine { Sku = "mug", GiftRecipient = JaneGift }, new OrderLine { Sku = "tea" }] },
                new Order { Reference = "J-2", ShippingEmail = JaneShipping, Lines = [new OrderLine { Sku = "pot" }] },
            ],
        };
        var john = new Customer
        {
            Id = John,
            Name = JohnName,
            Company = company,
            Card = new LoyaltyCard { Email = "john.card@example.org" },
            Orders = [new Order { Reference = "R-1", ShippingEmail = JohnShipping, Lines = [new OrderLine { Sku = "cup", GiftRecipient = "johns-friend" }] }],
        };
        db.Customers.AddRange(jane, john);

        // Each reviews the other: a review is the reviewer's data, though it hangs off the customer reviewed.
        var byJohn = new Review { CustomerId = Jane, ReviewerId = John, ReviewerName = JohnName };
        var byJane = new Review { CustomerId = John, ReviewerId = Jane, ReviewerName = JaneName };
        db.Reviews.AddRange(byJohn, byJane);
        await db.SaveChangesAsync(Ct);
        (JaneRows, JohnRows) = (Seeded.Of(jane), Seeded.Of(john));
        (JaneReviewId, JohnReviewId) = (byJane.Id, byJohn.Id);
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }

    private ShopDbContext NewShop()
    {
        var options = new DbContextOptionsBuilder<ShopDbContext>();
        UseShopDatabase(options);
        options.UsePrivacyGuard(Services);
        return new ShopDbContext(options.Options);
    }

    private static ExportRecord Record(SubjectExport export, string entity, int id) =>
        export.Records.Single(r => r.Entity == entity && r.Key["Id"] == id.ToString(CultureInfo.InvariantCulture));

    private static ExportField Field(ExportRecord record, string name) => record.Fields.Single(f => f.Name == name);

    private static HashSet<(string Entity, string? Id)> DependentKeys(SubjectExport export) =>
        [.. export.Records.Where(r => r.Via is not null).Select(r => (r.Entity, r.Key["Id"]))];

    private async Task<string?> RawAsync(string table, string column, int id)
    {
        await using var connection = CreateRawConnection();
        var rows = await RawTables.ReadAsync(connection, table, Ct);
        return rows.Single(r => r["Id"] == id.ToString(CultureInfo.InvariantCulture))[column];
    }

    [Fact]
    public async Task Export_follows_collection_and_reference_navigations_two_levels_deep_with_states_and_categories()
    {
        var export = await Rights.ExportAsync(Jane.ToString(), Ct);

        Assert.Equal(
            ["Customer", "LoyaltyCard", "Order", "Order", "OrderLine", "OrderLine", "OrderLine", "Review"],
            export.Records.Select(r => r.Entity).Order(StringComparer.Ordinal));
        Assert.Null(export.Records.Single(r => r.Entity == "Customer").Via);
        Assert.All(export.Records.Where(r => r.Entity == "Order"), r => Assert.Equal("Customer.Orders", r.Via));
        Assert.All(export.Records.Where(r => r.Entity == "OrderLine"), r => Assert.Equal("Customer.Orders.Lines", r.Via));
        Assert.Equal("Customer.Card", export.Records.Single(r => r.Entity == "LoyaltyCard").Via);

        var name = Field(export.Records.Single(r => r.Entity == "Customer"), nameof(Customer.Name));
        Assert.Equal((JaneName, Treatment.Encrypt, ExportFieldState.Plaintext), (name.Value, name.Treatment, name.State));

        var order = Record(export, "Order", JaneRows.Orders[0]);
        var shipping = Field(order, nameof(Order.ShippingEmail));
        Assert.Equal((PersonalDataCategory.Email, Treatment.Pseudonymize, ExportFieldState.Pseudonymized), (shipping.Category, shipping.Treatment, shipping.State));
        Assert.Equal(await RawAsync("Orders", nameof(Order.ShippingEmail), JaneRows.Orders[0]), shipping.Value);
        Assert.NotEqual(JaneShipping, shipping.Value);
        var ip = Field(order, nameof(Order.PlacedFromIp));
        Assert.Equal((PersonalDataCategory.IpAddress, Treatment.Truncate, ExportFieldState.Pseudonymized), (ip.Category, ip.Treatment, ip.State));
        Assert.Equal(await RawAsync("Orders", nameof(Order.PlacedFromIp), JaneRows.Orders[0]), ip.Value);
        Assert.NotEqual(JaneIp, ip.Value);
        var noIp = Field(Record(export, "Order", JaneRows.Orders[1]), nameof(Order.PlacedFromIp));
        Assert.Equal((null, ExportFieldState.Plaintext), (noIp.Value, noIp.State));

        var gift = Field(Record(export, "OrderLine", JaneRows.Lines[0]), nameof(OrderLine.GiftRecipient));
        Assert.Equal((PersonalDataCategory.UserName, ExportFieldState.Pseudonymized), (gift.Category, gift.State));
        Assert.Equal(await RawAsync("OrderLine", nameof(OrderLine.GiftRecipient), JaneRows.Lines[0]), gift.Value);
        Assert.Equal(ExportFieldState.Plaintext, Field(Record(export, "OrderLine", JaneRows.Lines[1]), nameof(OrderLine.GiftRecipient)).State);

        var card = Field(Record(export, "LoyaltyCard", JaneRows.Card), nameof(LoyaltyCard.Email));
        Assert.Equal((PersonalDataCategory.Email, ExportFieldState.Pseudonymized), (card.Category, card.State));
        Assert.Equal(await RawAsync("LoyaltyCard", nameof(LoyaltyCard.Email), JaneRows.Card), card.Value);
    }

    [Fact]
    public async Task Export_includes_the_subjects_dependents_and_not_another_subjects()
    {
        var jane = await Rights.ExportAsync(Jane.ToString(), Ct);
        var john = await Rights.ExportAsync(John.ToString(), Ct);

        Assert.Equal(JaneRows.Keys, DependentKeys(jane));
        Assert.Equal(JohnRows.Keys, DependentKeys(john));
        var johnShippingToken = await RawAsync("Orders", nameof(Order.ShippingEmail), JohnRows.Orders[0]);
        Assert.DoesNotContain(johnShippingToken!, jane.ToJson(), StringComparison.Ordinal);
        Assert.DoesNotContain(John.ToString(), jane.ToJson(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Export_does_not_follow_a_navigation_up_to_a_shared_principal()
    {
        var export = await Rights.ExportAsync(Jane.ToString(), Ct);

        // The customer's dependents are there, the company both customers work for is not.
        Assert.Contains(export.Records, r => r.Via == "Customer.Orders");
        Assert.DoesNotContain(export.Records, r => r.Entity == nameof(Company));
        await using (var db = NewShop())
        {
            var token = (await db.Companies.AsNoTracking().SingleAsync(Ct)).ContactEmail;
            Assert.NotNull(token);
            Assert.DoesNotContain(token, export.ToJson(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_dependent_with_its_own_subject_id_is_exported_by_its_own_filter_and_not_through_the_navigation()
    {
        var jane = await Rights.ExportAsync(Jane.ToString(), Ct);
        var john = await Rights.ExportAsync(John.ToString(), Ct);

        // The review Jane wrote (of John) once, found by her subject id; not the review John wrote of her.
        var janes = Assert.Single(jane.Records, r => r.Entity == nameof(Review));
        Assert.Equal(JaneReviewId.ToString(CultureInfo.InvariantCulture), janes.Key["Id"]);
        Assert.Null(janes.Via);
        Assert.Equal(JaneName, Field(janes, nameof(Review.ReviewerName)).Value);
        var johns = Assert.Single(john.Records, r => r.Entity == nameof(Review));
        Assert.Equal(JohnReviewId.ToString(CultureInfo.InvariantCulture), johns.Key["Id"]);
        Assert.DoesNotContain(JohnName, jane.ToJson(), StringComparison.Ordinal);

        // Jane's other dependents are followed all the same.
        Assert.Contains(jane.Records, r => r.Via == "Customer.Card");
    }

    [Fact]
    public async Task Dependents_hold_only_tokens_in_the_raw_tables_and_the_export_shows_those_tokens()
    {
        var cells = new List<string?>();
        foreach (var table in new[] { "Customers", "Orders", "OrderLine", "LoyaltyCard", "Reviews", "Companies" })
        {
            await using var each = CreateRawConnection();
            cells.AddRange((await RawTables.ReadAsync(each, table, Ct)).SelectMany(r => r.Values));
        }

        foreach (var secret in new[] { JaneName, JaneShipping, JaneIp, JaneGift, JaneCard, JohnName, JohnShipping, CompanyContact, "jane.parcels", "janes-friend" })
        {
            Assert.False(RawTables.HasPlaintext(cells, secret), secret);
        }

        var export = await Rights.ExportAsync(Jane.ToString(), Ct);
        var values = export.Records.Where(r => r.Via is not null).SelectMany(r => r.Fields).Select(f => f.Value).OfType<string>().ToList();
        Assert.Equal(5, values.Count);
        Assert.All(values, v => Assert.Contains(v, cells));
    }

    [Fact]
    public async Task Export_json_names_the_path_a_dependent_was_reached_by_and_round_trips()
    {
        var export = await Rights.ExportAsync(Jane.ToString(), Ct);
        var json = export.ToJson(indented: true);

        using var document = JsonDocument.Parse(json);
        var records = document.RootElement.GetProperty("records").EnumerateArray().ToList();
        var customer = records.Single(r => r.GetProperty("entity").GetString() == "Customer");
        Assert.False(customer.TryGetProperty("via", out _));
        var line = records.First(r => r.GetProperty("entity").GetString() == "OrderLine");
        Assert.Equal("Customer.Orders.Lines", line.GetProperty("via").GetString());

        var back = SubjectExport.FromJson(json);
        Assert.Equal(export.Records.Select(r => r.Via), back.Records.Select(r => r.Via));
        Assert.Equal(json, back.ToJson(indented: true));
    }

    [Fact]
    public async Task Export_follows_a_self_referencing_dependent_to_every_depth_and_exports_each_row_once()
    {
        Comment top, reply, answer, second;
        await using (var db = NewShop())
        {
            // A reply that is also on Jane's page is reached by two paths; it is one row, exported once.
            answer = new Comment { Author = "answerer" };
            second = new Comment { CustomerId = Jane, Author = "second" };
            reply = new Comment { Author = "replier", Replies = [answer] };
            top = new Comment { CustomerId = Jane, Author = JaneGift, Replies = [reply, second] };
            db.Comments.AddRange(top, new Comment { CustomerId = John, Author = "johns-page", Replies = [new Comment { Author = "johns-reply" }] });
            await db.SaveChangesAsync(Ct);
        }

        var export = await Rights.ExportAsync(Jane.ToString(), Ct);

        var comments = export.Records.Where(r => r.Entity == nameof(Comment)).ToDictionary(r => int.Parse(r.Key["Id"]!, CultureInfo.InvariantCulture), r => r.Via);
        Assert.Equal(
            new Dictionary<int, string?>
            {
                [top.Id] = "Customer.Comments",
                [second.Id] = "Customer.Comments",
                [reply.Id] = "Customer.Comments.Replies",
                [answer.Id] = "Customer.Comments.Replies.Replies",
            },
            comments);
        Assert.All(export.Records.Where(r => r.Entity == nameof(Comment)), r => Assert.Equal(ExportFieldState.Pseudonymized, Field(r, nameof(Comment.Author)).State));
    }

    [Fact]
    public async Task A_dependent_without_personal_data_is_loaded_only_to_reach_personal_data_below_it()
    {
        int itemId;
        await using (var db = NewShop())
        {
            var wishlist = new Wishlist { CustomerId = Jane, Title = "birthday", Items = [new WishlistItem { For = JaneGift }] };
            db.AddRange(wishlist, new Visit { CustomerId = Jane, Page = "/home" });
            await db.SaveChangesAsync(Ct);
            itemId = wishlist.Items[0].Id;
        }

        _commands.Clear();
        var export = await Rights.ExportAsync(Jane.ToString(), Ct);

        // The item is Jane's data, reached through the wishlist, which holds none and is no record itself.
        var item = Assert.Single(export.Records, r => r.Entity == nameof(WishlistItem));
        Assert.Equal(("Customer.Wishlists.Items", itemId.ToString(CultureInfo.InvariantCulture)), (item.Via, item.Key["Id"]));
        Assert.Equal(ExportFieldState.Pseudonymized, Field(item, nameof(WishlistItem.For)).State);
        Assert.DoesNotContain(export.Records, r => r.Entity is nameof(Wishlist) or nameof(Visit));

        // Visits lead to no personal data: they are not even read.
        Assert.Contains(_commands.Commands, c => c.Contains("\"Wishlist", StringComparison.Ordinal));
        Assert.DoesNotContain(_commands.Commands, c => c.Contains("\"Visit", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Erase_anonymizes_the_dependents_of_a_kept_row_deletes_those_marked_for_deletion_and_counts_them()
    {
        Subscription janes, johns;
        await using (var db = NewShop())
        {
            janes = new Subscription
            {
                SubscriberId = Jane,
                Plan = "weekly",
                Deliveries =
                [
                    new Delivery { NotifyEmail = JaneShipping, ConfirmedFromIp = JaneIp, Receipts = [new Receipt { SignedBy = JaneGift }] },
                    new Delivery { NotifyEmail = JaneCard },
                ],
            };
            johns = new Subscription { SubscriberId = John, Plan = "monthly", Deliveries = [new Delivery { NotifyEmail = JohnShipping, Receipts = [new Receipt { SignedBy = "john" }] }] };
            db.Subscriptions.AddRange(janes, johns);
            await db.SaveChangesAsync(Ct);
        }

        var janeTokens = new[]
        {
            await RawAsync("Deliveries", nameof(Delivery.NotifyEmail), janes.Deliveries[0].Id),
            await RawAsync("Deliveries", nameof(Delivery.NotifyEmail), janes.Deliveries[1].Id),
            await RawAsync("Receipts", nameof(Receipt.SignedBy), janes.Deliveries[0].Receipts[0].Id),
            await RawAsync("Orders", nameof(Order.ShippingEmail), JaneRows.Orders[0]),
            await RawAsync("LoyaltyCard", nameof(LoyaltyCard.Email), JaneRows.Card),
        };
        var johnToken = await RawAsync("Deliveries", nameof(Delivery.NotifyEmail), johns.Deliveries[0].Id);

        var result = await Rights.EraseAsync(Jane.ToString(), Ct);

        // Deleted: the customer, and with it (cascade) its 2 orders, 3 lines and card; Jane's receipt by its policy.
        // Anonymized: Jane's review and subscription (kept rows), and the subscription's 2 deliveries.
        Assert.Equal(new ErasureResult(KeyShredded: true, Deleted: 8, Anonymized: 4), result);
        await using (var db = NewShop())
        {
            var deliveries = await db.Deliveries.AsNoTracking().Where(d => d.SubscriptionId == janes.Id).ToListAsync(Ct);
            Assert.Equal(2, deliveries.Count);
            Assert.All(deliveries, d => Assert.Equal((null, null), (d.NotifyEmail, d.ConfirmedFromIp)));
            Assert.Equal(0, await db.Receipts.CountAsync(r => r.DeliveryId == janes.Deliveries[0].Id, Ct));
            Assert.Equal(johnToken, (await db.Deliveries.AsNoTracking().SingleAsync(d => d.SubscriptionId == johns.Id, Ct)).NotifyEmail);
            Assert.Equal(1, await db.Receipts.CountAsync(Ct));
            Assert.Equal(["R-1"], await db.Orders.Select(o => o.Reference).ToListAsync(Ct));
        }

        var cells = new List<string?>();
        foreach (var table in new[] { "Customers", "Orders", "OrderLine", "LoyaltyCard", "Subscriptions", "Deliveries", "Receipts" })
        {
            await using var connection = CreateRawConnection();
            cells.AddRange((await RawTables.ReadAsync(connection, table, Ct)).SelectMany(r => r.Values));
        }

        Assert.All(janeTokens, token => Assert.DoesNotContain(token, cells));
        Assert.Contains(johnToken, cells);

        // What is left of Jane is her kept rows, cleared.
        var export = await Rights.ExportAsync(Jane.ToString(), Ct);
        Assert.All(export.Records.Where(r => r.Via is not null), r => Assert.Equal("Subscription.Deliveries", r.Via));
        Assert.All(export.Records.SelectMany(r => r.Fields), f => Assert.Null(f.Value));
    }

    [Fact]
    public async Task Erase_of_a_subject_with_dependents_through_an_optional_relationship_completes_and_clears_them()
    {
        int noteId;
        await using (var db = NewShop())
        {
            var note = new SupportNote { CustomerId = Jane, Text = "called about J-1", ReplyTo = JaneShipping };
            db.Notes.Add(note);
            await db.SaveChangesAsync(Ct);
            noteId = note.Id;
        }

        var token = await RawAsync("Notes", nameof(SupportNote.ReplyTo), noteId);
        Assert.Equal("Customer.Notes", Assert.Single((await Rights.ExportAsync(Jane.ToString(), Ct)).Records, r => r.Entity == nameof(SupportNote)).Via);

        var result = await Rights.EraseAsync(Jane.ToString(), Ct);

        // The note is kept without its customer (the model's ClientSetNull), its personal data cleared; the customer,
        // its orders, their lines and its card are deleted; Jane's review of John is anonymized.
        Assert.Equal(new ErasureResult(KeyShredded: true, Deleted: 7, Anonymized: 2), result);
        await using (var db = NewShop())
        {
            var note = await db.Notes.AsNoTracking().SingleAsync(Ct);
            Assert.Equal((null, null, "called about J-1"), (note.CustomerId, note.ReplyTo, note.Text));
            Assert.Equal([John], await db.Customers.Select(c => c.Id).ToListAsync(Ct));
        }

        await using var connection = CreateRawConnection();
        Assert.DoesNotContain(token, (await RawTables.ReadAsync(connection, "Notes", Ct)).SelectMany(r => r.Values));
    }

    [Fact]
    public async Task Erase_completes_when_a_row_without_personal_data_points_at_the_subject_through_an_optional_relationship()
    {
        int viewId;
        await using (var db = NewShop())
        {
            var view = new PageView { CustomerId = Jane, Page = "/pricing" };
            db.Add(view);
            await db.SaveChangesAsync(Ct);
            viewId = view.Id;
        }

        var result = await Rights.EraseAsync(Jane.ToString(), Ct);

        // The page view is kept without its customer, as the model's ClientSetNull says; without it tracked, deleting the
        // customer would fail on its foreign key at every run.
        Assert.True(result.KeyShredded);
        await using var check = NewShop();
        Assert.Null((await check.Set<PageView>().AsNoTracking().SingleAsync(v => v.Id == viewId, Ct)).CustomerId);
        Assert.Equal([John], await check.Customers.Select(c => c.Id).ToListAsync(Ct));
    }

    /// <summary>The ids of one customer's dependents, as saved.</summary>
    private sealed record Seeded(int[] Orders, int[] Lines, int Card)
    {
        public HashSet<(string Entity, string? Id)> Keys =>
        [
            .. Orders.Select(id => ("Order", (string?)Text(id))),
            .. Lines.Select(id => ("OrderLine", (string?)Text(id))),
            ("LoyaltyCard", Text(Card)),
        ];

        public static Seeded Of(Customer customer) =>
            new([.. customer.Orders.Select(o => o.Id)], [.. customer.Orders.SelectMany(o => o.Lines).Select(l => l.Id)], customer.Card!.Id);

        private static string Text(int id) => id.ToString(CultureInfo.InvariantCulture);
    }
}
