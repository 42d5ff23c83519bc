using System.Data.Common;
using System.Globalization;
using System.Text;
using CsCheck;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PrivacyGuard.Restriction;
using PrivacyGuard.Tests;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Query;

/// <summary>
/// WherePersonal through complex properties, owned references (nested too) and owned collections on a real database:
/// the row is found by the blind index or token stored on save, the plaintext reaches neither the SQL text nor its
/// parameters nor any table, and what cannot be looked up is refused naming the type and path. One subclass per provider.
/// </summary>
public abstract class WherePersonalPathTests : IAsyncLifetime
{
    private const string JaneEmail = "jane@example.org";
    private const string JaneProfileEmail = "Jane.Profile@Example.org";
    private const string JaneHandle = "janeprofile";
    private const string JaneDisplayName = "Jane Doe";
    private const string JaneBox = "PO Box 4711";
    private const string JaneHomeEmail = "jane.home@example.org";
    private const string JaneHomeAlias = "janehome";
    private const string JaneStreet = "12 Elm Street";
    private const string JaneDoorCode = "2468-Elm";
    private const string JaneEmergencyEmail = "mary.doe@example.org";
    private const string JaneEmergencyName = "Mary Doe";
    private const string JaneWorkEmail = "jane.work@example.org";
    private const string FriendOneEmail = "fred.one@example.org";
    private const string FriendTwoEmail = "Freda.Two@Example.org";
    private const string FriendTwoHandle = "fredatwo";
    private const string FriendName = "Fred One";
    private const string JohnProfileEmail = "john.profile@example.org";
    private const string JohnHandle = "johnprofile";
    private const string JohnEmergencyEmail = "ann.roe@example.org";
    private const string JohnContactEmail = "jim.three@example.org";
    private const string KeyholderEmail = "neighbour@example.org";

    private ServiceProvider? _services;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected IServiceProvider Services => _services ?? throw new InvalidOperationException("Not started.");

    protected SentCommands Sent { get; } = new();

    protected string Jane { get; } = "user-" + Guid.NewGuid().ToString("N");

    protected string John { get; } = "user-" + Guid.NewGuid().ToString("N");

    /// <summary>Every plaintext the two subjects hold; none may be stored or sent.</summary>
    private static readonly string[] Plaintexts =
    [
        JaneEmail, JaneProfileEmail, JaneHandle, JaneDisplayName, JaneBox, JaneHomeEmail, JaneHomeAlias, JaneStreet, JaneDoorCode,
        JaneEmergencyEmail, JaneEmergencyName, JaneWorkEmail, FriendOneEmail, FriendTwoEmail, FriendTwoHandle, FriendName,
        JohnProfileEmail, JohnHandle, JohnEmergencyEmail, JohnContactEmail, KeyholderEmail,
    ];

    protected abstract ValueTask CreateDatabasesAsync();

    protected abstract void ConfigureStore(PrivacyStoreOptions options);

    protected abstract void UseAppDatabase(DbContextOptionsBuilder options);

    protected abstract DbConnection CreateRawConnection();

    public virtual async ValueTask InitializeAsync()
    {
        await CreateDatabasesAsync();
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddPrivacyGuard(keys =>
        {
            keys.CurrentKeyId = "ka";
            keys.Keys["ka"] = TestKeys.SecretA;
        }).AddPrivacyStore(ConfigureStore).AddEntityFrameworkCore();
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

    protected SubscribersDbContext NewContext()
    {
        var options = new DbContextOptionsBuilder<SubscribersDbContext>();
        UseAppDatabase(options);
        options.UsePrivacyGuard(Services).AddInterceptors(Sent);
        return new SubscribersDbContext(options.Options);
    }

    private Subscriber NewJane() => new()
    {
        UserId = Jane,
        Email = JaneEmail,
        Profile = new SubscriberProfile { Email = JaneProfileEmail, Handle = JaneHandle, DisplayName = JaneDisplayName, Box = new PostBox { Number = JaneBox } },
        Home = new Residence
        {
            Email = JaneHomeEmail,
            Alias = JaneHomeAlias,
            Street = JaneStreet,
            City = "London",
            Door = new DoorCode { Code = JaneDoorCode },
            Emergency = new EmergencyContact { Email = JaneEmergencyEmail, Name = JaneEmergencyName },
            Keyholders = [new Keyholder { Email = KeyholderEmail }],
        },
        Work = new Residence { Email = JaneWorkEmail, City = "Leeds" },
        Contacts = [new SubscriberContact { Email = FriendOneEmail, Name = FriendName }, new SubscriberContact { Email = FriendTwoEmail, Handle = FriendTwoHandle }],
    };

    /// <summary>John holds Jane's home values under other paths (Work, Work.Emergency), to catch matches across paths.</summary>
    private Subscriber NewJohn() => new()
    {
        UserId = John,
        Profile = new SubscriberProfile { Email = JohnProfileEmail, Handle = JohnHandle },
        Home = new Residence { Emergency = new EmergencyContact { Email = JohnEmergencyEmail } },
        Work = new Residence
        {
            Email = JaneHomeEmail,
            Alias = JaneHomeAlias,
            Door = new DoorCode { Code = JaneDoorCode },
            Emergency = new EmergencyContact { Email = JaneEmergencyEmail },
            Keyholders = [new Keyholder { Email = KeyholderEmail }],
        },
        Contacts = [new SubscriberContact { Email = JohnContactEmail, Handle = JaneHandle }],
    };

    private async Task<(Subscriber Jane, Subscriber John)> SaveBothAsync()
    {
        await using var db = NewContext();
        var (jane, john) = (NewJane(), NewJohn());
        db.Subscribers.AddRange(jane, john);
        await db.SaveChangesAsync(Ct);
        return (jane, john);
    }

    /// <summary>
    /// Runs <paramref name="query"/> and returns the ids found, after checking that neither its SQL (with parameter
    /// values, as ToQueryString prints them) nor what was sent names <paramref name="plaintext"/>, and that the SQL
    /// filters on <paramref name="column"/> compared with a parameter holding <paramref name="stored"/>, the value the
    /// save stored (when given).
    /// </summary>
    private async Task<int[]> FindAsync(IQueryable<Subscriber> query, string plaintext, string column, string? stored)
    {
        var sql = query.ToQueryString();
        Assert.Contains($"{column}\" = @", sql[sql.IndexOf("WHERE", StringComparison.Ordinal)..], StringComparison.Ordinal);
        if (stored is not null)
        {
            Assert.Contains(stored, sql, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(plaintext.Trim(), sql, StringComparison.OrdinalIgnoreCase);
        var ids = (await query.AsNoTracking().Select(s => s.Id).ToListAsync(Ct)).Order().ToArray();
        Assert.DoesNotContain(Sent.All, c => c.Contains(plaintext.Trim(), StringComparison.OrdinalIgnoreCase));
        return ids;
    }

    /// <summary>Every cell of a table, as text, read with plain ADO.NET (no EF Core, no PrivacyGuard).</summary>
    private async Task<List<Dictionary<string, string?>>> RawRowsAsync(string table)
    {
        await using var connection = CreateRawConnection();
        return await RawTables.ReadAsync(connection, table, Ct);
    }

    private async Task<Dictionary<string, string?>> RawSubscriberAsync(int id) =>
        (await RawRowsAsync("Subscribers")).Single(r => r["Id"] == id.ToString(CultureInfo.InvariantCulture));

    /// <summary>No table holds any of the plaintexts, in any letter case.</summary>
    private async Task AssertNoPlaintextStoredAsync()
    {
        var rows = new List<Dictionary<string, string?>>();
        foreach (var table in new[] { "Subscribers", "SubscriberContact", "HomeKeyholders", "WorkKeyholders" })
        {
            rows.AddRange(await RawRowsAsync(table));
        }

        var cells = rows.SelectMany(r => r.Values).OfType<string>().ToList();
        Assert.NotEmpty(cells);
        foreach (var plaintext in Plaintexts)
        {
            Assert.DoesNotContain(cells, c => c.Contains(plaintext, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task A_searchable_value_in_a_complex_property_is_found_by_the_blind_index_stored_on_its_owner()
    {
        var (jane, john) = await SaveBothAsync();
        var janeRow = await RawSubscriberAsync(jane.Id);
        Assert.NotNull(janeRow["Profile_EmailBlindIndex"]);
        Assert.NotNull(janeRow["Profile_Box_NumberBlindIndex"]);

        await using var db = NewContext();
        Assert.Equal([jane.Id], await FindAsync(db.Subscribers.WherePersonal(s => s.Profile.Email, JaneProfileEmail), JaneProfileEmail, "Profile_EmailBlindIndex", janeRow["Profile_EmailBlindIndex"]));
        Assert.Equal([john.Id], await FindAsync(db.Subscribers.WherePersonal(s => s.Profile.Email, JohnProfileEmail), JohnProfileEmail, "Profile_EmailBlindIndex", null));
        Assert.Equal([jane.Id], await FindAsync(db.Subscribers.WherePersonal(s => s.Profile.Box.Number, JaneBox), JaneBox, "Profile_Box_NumberBlindIndex", janeRow["Profile_Box_NumberBlindIndex"]));

        var found = await db.Subscribers.WherePersonal(s => s.Profile.Email, JaneProfileEmail).SingleAsync(Ct);
        Assert.Equal((JaneProfileEmail, JaneDisplayName, JaneBox), (found.Profile.Email, found.Profile.DisplayName, found.Profile.Box.Number));
        await AssertNoPlaintextStoredAsync();
    }

    [Fact]
    public async Task A_pseudonymized_value_in_a_complex_property_is_found_by_the_token_stored_for_it()
    {
        var (jane, john) = await SaveBothAsync();
        var janeToken = (await RawSubscriberAsync(jane.Id))["Profile_Handle"];
        Assert.Equal(jane.Profile.Handle, janeToken); // the entity holds the token after the save

        await using var db = NewContext();
        Assert.Equal([jane.Id], await FindAsync(db.Subscribers.WherePersonal(s => s.Profile.Handle, JaneHandle), JaneHandle, "Profile_Handle", janeToken));
        Assert.Equal([john.Id], await FindAsync(db.Subscribers.WherePersonal(s => s.Profile.Handle, JohnHandle), JohnHandle, "Profile_Handle", null));
        await AssertNoPlaintextStoredAsync();
    }

    [Fact]
    public async Task A_searchable_value_in_an_owned_type_is_found_by_the_blind_index_of_its_own_navigation()
    {
        var (jane, john) = await SaveBothAsync();
        var (janeRow, johnRow) = (await RawSubscriberAsync(jane.Id), await RawSubscriberAsync(john.Id));

        // One value under Home and Work: a blind index per path, so the two columns differ and each look-up finds its own.
        Assert.NotEqual(janeRow["Home_EmailBlindIndex"], johnRow["Work_EmailBlindIndex"]);
        await using var db = NewContext();
        Assert.Equal([jane.Id], await FindAsync(db.Subscribers.WherePersonal(s => s.Home!.Email, JaneHomeEmail), JaneHomeEmail, "Home_EmailBlindIndex", janeRow["Home_EmailBlindIndex"]));
        Assert.Equal([john.Id], await FindAsync(db.Subscribers.WherePersonal(s => s.Work!.Email, JaneHomeEmail), JaneHomeEmail, "Work_EmailBlindIndex", johnRow["Work_EmailBlindIndex"]));
        Assert.Equal([jane.Id], await FindAsync(db.Subscribers.WherePersonal(s => s.Work!.Email, JaneWorkEmail), JaneWorkEmail, "Work_EmailBlindIndex", janeRow["Work_EmailBlindIndex"]));

        // A complex property inside the owned type: its shadow lives on the owned type (Door_CodeBlindIndex).
        Assert.Equal([jane.Id], await FindAsync(db.Subscribers.WherePersonal(s => s.Home!.Door.Code, JaneDoorCode), JaneDoorCode, "Home_Door_CodeBlindIndex", janeRow["Home_Door_CodeBlindIndex"]));
        Assert.Equal([john.Id], await FindAsync(db.Subscribers.WherePersonal(s => s.Work!.Door.Code, JaneDoorCode), JaneDoorCode, "Work_Door_CodeBlindIndex", johnRow["Work_Door_CodeBlindIndex"]));

        // Pseudonymized in an owned type: the token is the same under either path (tokens are per purpose, not per place).
        Assert.Equal([jane.Id], await FindAsync(db.Subscribers.WherePersonal(s => s.Home!.Alias, JaneHomeAlias), JaneHomeAlias, "Home_Alias", janeRow["Home_Alias"]));
        Assert.Equal([john.Id], await FindAsync(db.Subscribers.WherePersonal(s => s.Work!.Alias, JaneHomeAlias), JaneHomeAlias, "Work_Alias", johnRow["Work_Alias"]));

        var found = await db.Subscribers.WherePersonal(s => s.Home!.Email, JaneHomeEmail).SingleAsync(Ct);
        Assert.Equal((JaneHomeEmail, JaneStreet, JaneEmergencyName), (found.Home!.Email, found.Home.Street, found.Home.Emergency!.Name));
        await AssertNoPlaintextStoredAsync();
    }

    [Fact]
    public async Task A_searchable_value_in_an_owned_type_inside_an_owned_type_is_found()
    {
        var (jane, john) = await SaveBothAsync();
        var (janeRow, johnRow) = (await RawSubscriberAsync(jane.Id), await RawSubscriberAsync(john.Id));

        await using var db = NewContext();
        Assert.Equal([jane.Id], await FindAsync(
            db.Subscribers.WherePersonal(s => s.Home!.Emergency!.Email, JaneEmergencyEmail), JaneEmergencyEmail, "Home_Emergency_EmailBlindIndex", janeRow["Home_Emergency_EmailBlindIndex"]));
        Assert.Equal([john.Id], await FindAsync(
            db.Subscribers.WherePersonal(s => s.Work!.Emergency!.Email, JaneEmergencyEmail), JaneEmergencyEmail, "Work_Emergency_EmailBlindIndex", johnRow["Work_Emergency_EmailBlindIndex"]));
        Assert.Equal([john.Id], await FindAsync(
            db.Subscribers.WherePersonal(s => s.Home!.Emergency!.Email, JohnEmergencyEmail), JohnEmergencyEmail, "Home_Emergency_EmailBlindIndex", johnRow["Home_Emergency_EmailBlindIndex"]));
        await AssertNoPlaintextStoredAsync();
    }

    [Fact]
    public async Task An_owned_collection_lookup_finds_each_entity_with_a_matching_item_once_also_inside_an_owned_type()
    {
        var (jane, john) = await SaveBothAsync();
        var contacts = await RawRowsAsync("SubscriberContact");
        var friendTwo = contacts.Single(c => c["Handle"] == jane.Contacts[1].Handle);

        await using var db = NewContext();
        Assert.Equal([jane.Id], await FindAsync(db.Subscribers.WherePersonal(s => s.Contacts, c => c.Email, FriendTwoEmail), FriendTwoEmail, "EmailBlindIndex", friendTwo["EmailBlindIndex"]));
        Assert.Equal([jane.Id], await FindAsync(db.Subscribers.WherePersonal(s => s.Contacts, c => c.Email, FriendOneEmail), FriendOneEmail, "EmailBlindIndex", null));
        Assert.Equal([john.Id], await FindAsync(db.Subscribers.WherePersonal(s => s.Contacts, c => c.Email, JohnContactEmail), JohnContactEmail, "EmailBlindIndex", null));
        Assert.Equal([jane.Id], await FindAsync(db.Subscribers.WherePersonal(s => s.Contacts, c => c.Handle, FriendTwoHandle), FriendTwoHandle, "Handle", friendTwo["Handle"]));

        // John's contact has Jane's profile handle: the collection look-up finds John, the profile look-up Jane.
        Assert.Equal([john.Id], await FindAsync(db.Subscribers.WherePersonal(s => s.Contacts, c => c.Handle, JaneHandle), JaneHandle, "Handle", null));

        // An owned collection inside an owned type: Jane holds the value under Home, John under Work.
        var homeKeyholder = Assert.Single(await RawRowsAsync("HomeKeyholders"));
        Assert.Equal([jane.Id], await FindAsync(
            db.Subscribers.WherePersonal(s => s.Home!.Keyholders, k => k.Email, KeyholderEmail), KeyholderEmail, "EmailBlindIndex", homeKeyholder["EmailBlindIndex"]));
        Assert.Equal([john.Id], await FindAsync(db.Subscribers.WherePersonal(s => s.Work!.Keyholders, k => k.Email, KeyholderEmail), KeyholderEmail, "EmailBlindIndex", null));
        Assert.NotEqual(homeKeyholder["EmailBlindIndex"], Assert.Single(await RawRowsAsync("WorkKeyholders"))["EmailBlindIndex"]);

        var found = await db.Subscribers.WherePersonal(s => s.Contacts, c => c.Email, FriendOneEmail).SingleAsync(Ct);
        Assert.Equal([FriendOneEmail, FriendTwoEmail], found.Contacts.Select(c => c.Email).Order(StringComparer.OrdinalIgnoreCase));
        Assert.Equal(FriendName, found.Contacts.Single(c => c.Email == FriendOneEmail).Name);
        await AssertNoPlaintextStoredAsync();
    }

    [Theory]
    [InlineData(JaneProfileEmail)]
    [InlineData("jane.profile@example.org")]
    [InlineData("  JANE.PROFILE@EXAMPLE.ORG\t")]
    [InlineData("Jane.Profile@EXAMPLE.org ")]
    public async Task Email_lookups_through_paths_find_the_row_whatever_the_case_and_surrounding_whitespace(string spelling)
    {
        var (jane, _) = await SaveBothAsync();
        var home = spelling.Replace("profile", "home", StringComparison.OrdinalIgnoreCase);
        var friend = spelling.Replace("jane.profile", "freda.two", StringComparison.OrdinalIgnoreCase);

        await using var db = NewContext();
        Assert.Equal([jane.Id], await FindAsync(db.Subscribers.WherePersonal(s => s.Profile.Email, spelling), spelling, "Profile_EmailBlindIndex", null));
        Assert.Equal([jane.Id], await FindAsync(db.Subscribers.WherePersonal(s => s.Home!.Email, home), home, "Home_EmailBlindIndex", null));
        Assert.Equal([jane.Id], await FindAsync(db.Subscribers.WherePersonal(s => s.Contacts, c => c.Email, friend), friend, "EmailBlindIndex", null));
        await AssertNoPlaintextStoredAsync();
    }

    [Fact]
    public async Task Values_nobody_holds_and_another_subjects_values_are_no_match()
    {
        var (jane, john) = await SaveBothAsync();

        await using var db = NewContext();
        Assert.Empty(await FindAsync(db.Subscribers.WherePersonal(s => s.Profile.Email, "nobody@example.org"), "nobody@example.org", "Profile_EmailBlindIndex", null));
        Assert.Empty(await FindAsync(db.Subscribers.WherePersonal(s => s.Home!.Email, JaneWorkEmail), JaneWorkEmail, "Home_EmailBlindIndex", null));
        Assert.Empty(await FindAsync(db.Subscribers.WherePersonal(s => s.Home!.Door.Code, "2468-elm"), "2468-elm", "Home_Door_CodeBlindIndex", null)); // text is not case-folded
        Assert.Empty(await FindAsync(db.Subscribers.WherePersonal(s => s.Contacts, c => c.Email, JaneHomeEmail), JaneHomeEmail, "EmailBlindIndex", null));
        Assert.Empty(await FindAsync(db.Subscribers.WherePersonal(s => s.Profile.Handle, JaneHomeAlias), JaneHomeAlias, "Profile_Handle", null));

        // Each subject's value finds that subject only.
        Assert.Equal([john.Id], await FindAsync(db.Subscribers.WherePersonal(s => s.Home!.Emergency!.Email, JohnEmergencyEmail), JohnEmergencyEmail, "Home_Emergency_EmailBlindIndex", null));
        Assert.Equal([jane.Id], await FindAsync(db.Subscribers.WherePersonal(s => s.Email, JaneEmail), JaneEmail, "EmailBlindIndex", null));
        await AssertNoPlaintextStoredAsync();
    }

    [Fact]
    public async Task A_restricted_subject_is_left_out_of_lookups_through_paths()
    {
        var (jane, john) = await SaveBothAsync();
        await Services.GetRequiredService<IRestrictionRegistry>().RestrictAsync(Jane, RestrictionReason.AccuracyContested, Ct);

        await using var db = NewContext();
        Assert.Empty(await FindAsync(db.Subscribers.WherePersonal(s => s.Profile.Email, JaneProfileEmail), JaneProfileEmail, "Profile_EmailBlindIndex", null));
        Assert.Empty(await FindAsync(db.Subscribers.WherePersonal(s => s.Home!.Email, JaneHomeEmail), JaneHomeEmail, "Home_EmailBlindIndex", null));
        Assert.Empty(await FindAsync(db.Subscribers.WherePersonal(s => s.Contacts, c => c.Email, FriendOneEmail), FriendOneEmail, "EmailBlindIndex", null));
        Assert.Empty(await FindAsync(db.Subscribers.WherePersonal(s => s.Profile.Handle, JaneHandle), JaneHandle, "Profile_Handle", null));
        Assert.Equal([john.Id], await FindAsync(db.Subscribers.WherePersonal(s => s.Work!.Email, JaneHomeEmail), JaneHomeEmail, "Work_EmailBlindIndex", null));
        Assert.Contains((await RawRowsAsync("Subscribers")), r => r["Id"] == jane.Id.ToString(CultureInfo.InvariantCulture)); // still stored
        await AssertNoPlaintextStoredAsync();
    }

    [Fact]
    public async Task For_any_value_a_lookup_through_any_path_sends_only_a_parameter_that_is_not_the_value()
    {
        await using var db = NewContext();
        var set = db.Subscribers;
        Func<string, IQueryable<Subscriber>>[] lookups =
        [
            v => set.WherePersonal(s => s.Profile.Box.Number, v),
            v => set.WherePersonal(s => s.Profile.Handle, v),
            v => set.WherePersonal(s => s.Home!.Door.Code, v),
            v => set.WherePersonal(s => s.Work!.Alias, v),
            v => set.WherePersonal(s => s.Contacts, c => c.Handle, v),
            v => set.WherePersonal(s => s.Profile.Email, v + "@example.org"),
            v => set.WherePersonal(s => s.Home!.Emergency!.Email, v + "@example.org"),
            v => set.WherePersonal(s => s.Contacts, c => c.Email, v + "@example.org"),
        ];

        // "zq" and at least 6 more characters: a value that cannot occur in the SQL (or a base64url parameter) by chance.
        Gen.Select(Gen.Int[0, lookups.Length - 1], Gen.String[Gen.Char.AlphaNumeric, 6, 40]).Sample((index, text) =>
        {
            var value = "zq" + text;
            var sql = lookups[index](value).ToQueryString();
            return sql.Contains("\" = @", StringComparison.Ordinal) && !sql.Contains(value, StringComparison.OrdinalIgnoreCase);
        }, iter: 10_000, threads: 1); // one DbContext: not thread-safe
    }

    [Fact]
    public async Task A_lookup_of_a_value_that_is_not_searchable_is_refused_naming_the_type_and_path()
    {
        await SaveBothAsync();
        await using var db = NewContext();
        var set = db.Subscribers;
        var sent = Sent.All.Count;
        (Func<IQueryable<Subscriber>> Lookup, string Path, string Reason)[] refused =
        [
            (() => set.WherePersonal(s => s.Plan, Secret), "Subscriber.Plan", "not personal data"),
            (() => set.WherePersonal(s => s.Profile.Language, Secret), "Subscriber.Profile.Language", "not personal data"),
            (() => set.WherePersonal(s => s.Home!.City, Secret), "Subscriber.Home.City", "not personal data"),
            (() => set.WherePersonal(s => s.Contacts, c => c.Kind, Secret), "Subscriber.Contacts.Kind", "not personal data"),
            (() => set.WherePersonal(s => s.Profile.DisplayName, Secret), "Subscriber.Profile.DisplayName", "not searchable"),
            (() => set.WherePersonal(s => s.Home!.Street, Secret), "Subscriber.Home.Street", "not searchable"),
            (() => set.WherePersonal(s => s.Home!.Emergency!.Name, Secret), "Subscriber.Home.Emergency.Name", "not searchable"),
            (() => set.WherePersonal(s => s.Contacts, c => c.Name, Secret), "Subscriber.Contacts.Name", "not searchable"),
            (() => set.WherePersonal(s => s.ReferredBy!.Code, Secret), "Subscriber.ReferredBy", "not an owned type"),
        ];

        foreach (var (lookup, path, reason) in refused)
        {
            var error = Assert.Throws<InvalidOperationException>(() => lookup());
            Assert.Contains(path, error.Message, StringComparison.Ordinal);
            Assert.Contains(reason, error.Message, StringComparison.Ordinal);
            AssertNamesNoValue(error);
        }

        Assert.Equal(sent, Sent.All.Count); // refused before anything was sent
    }

    [Fact]
    public async Task A_lookup_through_a_method_call_cast_indexer_or_captured_value_is_refused_naming_the_type_and_path()
    {
        await SaveBothAsync();
        await using var db = NewContext();
        var set = db.Subscribers;
        var captured = NewJane();
        var sent = Sent.All.Count;
        (Func<IQueryable<Subscriber>> Lookup, string Parameter, string Path, string Kind)[] refused =
        [
            (() => set.WherePersonal(s => s.Home!.Email!.ToLowerInvariant(), Secret), "property", "Subscriber.Home.Email.ToLowerInvariant(…)", "a method call (ToLowerInvariant)"),
            (() => set.WherePersonal(s => (s.Home as object as Residence)!.Email, Secret), "property", "Subscriber.Home)).Email", "a cast to Residence"),
            (() => set.WherePersonal(s => ((Subscriber)(object)s).Email, Secret), "property", "((Subscriber)((Object)Subscriber)).Email", "a cast to Subscriber"),
            (() => set.WherePersonal(s => s.Contacts[0].Email, Secret), "property", "Subscriber.Contacts[…].Email", "an indexer"),
            (() => set.WherePersonal(s => s.Email ?? s.Profile.Email, Secret), "property", "Subscriber (Coalesce)", "a Coalesce expression"),
            (() => set.WherePersonal(s => captured.Email, Secret), "property", "captured.Email", "not a column"),
            (() => set.WherePersonal(s => s.Contacts.Where(c => c.Kind == "friend"), c => c.Email, Secret), "collection", "Subscriber.Contacts.Where(…)", "a method call (Where)"),
            (() => set.WherePersonal(s => s.Contacts, c => c.Email!.Trim(), Secret), "property", "Subscriber.Contacts.Email.Trim(…)", "a method call (Trim)"),
        ];

        foreach (var (lookup, parameter, path, kind) in refused)
        {
            var error = Assert.Throws<ArgumentException>(parameter, () => lookup());
            Assert.Contains(path, error.Message, StringComparison.Ordinal);
            Assert.Contains(kind, error.Message, StringComparison.Ordinal);
            AssertNamesNoValue(error);
        }

        Assert.Equal(sent, Sent.All.Count);
    }

    private const string Secret = "secret.value@example.org";

    private static void AssertNamesNoValue(Exception error)
    {
        Assert.DoesNotContain("secret", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Plaintexts, p => error.Message.Contains(p, StringComparison.OrdinalIgnoreCase));
    }
}
