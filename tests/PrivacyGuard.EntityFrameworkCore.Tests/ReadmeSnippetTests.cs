using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PrivacyGuard;   // if you also import Microsoft.AspNetCore.Identity: using PersonalData = PrivacyGuard.PersonalDataAttribute;
using PrivacyGuard.Tests;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Readme;

// The three types below are README.md's code verbatim: "Annotate what is personal data" (Account) and "Protecting
// entities with EF Core" (AppDbContext, AppSetup); their using directives are the ones at the top of this file.
// README_code_blocks_are_copied_verbatim_into_this_file fails when the two drift apart.

public sealed class Account
{
    [DataSubjectId] public Guid Id { get; set; }
    [PersonalData(PersonalDataCategory.Email)] public string Email { get; set; } = "";          // → keyed token
    [PersonalData(PersonalDataCategory.IpAddress)] public string? SignUpIp { get; set; }       // → /24 or /48 prefix
    [PersonalData(PersonalDataCategory.Name)] public string? RealName { get; set; }            // → encrypted
    [PersonalData(PersonalDataCategory.Name, Treatment = Treatment.Encrypt, Searchable = true)]
    public string? SearchableName { get; set; }                                                 // → encrypted + blind index
}

public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : DbContext(options)
{
    public DbSet<Account> Accounts => Set<Account>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // or fluently, instead of attributes (a fluent classification wins):
        var account = modelBuilder.Entity<Account>();
        account.Property(a => a.Email).IsPersonalData(PersonalDataCategory.Email);
        account.Property(a => a.Id).IsDataSubjectId();
    }
}

public static class AppSetup
{
    public static IServiceCollection AddApp(this IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        services.AddPrivacyGuard(configuration).AddPrivacyStore(configuration).AddEntityFrameworkCore();
        return services.AddDbContext<AppDbContext>((sp, options) => options
            .UseSqlite(connectionString)                 // or .UseNpgsql(connectionString): any relational provider
            .UsePrivacyGuard(sp));                       // optional: o => o.DefaultPurpose = ProcessingPurpose.Marketing
    }

    public static async Task<(Account Jane, bool RealNameErased)> FindJaneAsync(AppDbContext db)
    {
        var jane = await db.Accounts.WherePersonal(a => a.SearchableName, "Jane Q. Public").SingleAsync();
        bool erased = db.IsErased(jane, nameof(Account.RealName));   // null because the subject was erased, not empty
        return (jane, erased);
    }
}

/// <summary>The README's EF Core code, compiled here and run end to end on SQLite (application file + privacy store file).</summary>
public sealed class ReadmeSnippetTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task README_setup_protects_on_save_reads_back_plaintext_and_finds_by_plaintext()
    {
        var folder = Path.Combine(Path.GetTempPath(), "privacyguard-readme-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["PrivacyGuard:KeyRing:CurrentKeyId"] = "ka",
                ["PrivacyGuard:KeyRing:Keys:ka"] = TestKeys.SecretA,
                ["PrivacyGuard:Store:DataDirectory"] = Path.Combine(folder, "store"),
            }).Build();
            var services = new ServiceCollection().AddLogging();
            services.AddApp(configuration, $"Data Source={Path.Combine(folder, "app.db")}");
            await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
            foreach (var hosted in provider.GetServices<IHostedService>())
            {
                await hosted.StartAsync(Ct);
            }

            var id = Guid.NewGuid();
            await using (var scope = provider.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                await db.Database.EnsureCreatedAsync(Ct);
                var account = new Account
                {
                    Id = id,
                    Email = "Jane.Doe@Example.com",
                    SignUpIp = "203.0.113.77",
                    RealName = "Jane Doe",
                    SearchableName = "Jane Q. Public",
                };
                db.Accounts.Add(account);
                await db.SaveChangesAsync(Ct);
                Assert.Equal("Jane Doe", account.RealName); // the application's entity keeps the plaintext

                var stored = await db.Database.SqlQueryRaw<string>("""SELECT "RealName" AS "Value" FROM "Accounts" """).SingleAsync(Ct);
                Assert.StartsWith("pg1.", stored, StringComparison.Ordinal);
            }

            await using (var scope = provider.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                var (jane, realNameErased) = await AppSetup.FindJaneAsync(db);
                Assert.Equal(id, jane.Id);
                Assert.Equal("Jane Doe", jane.RealName);
                Assert.Equal("Jane Q. Public", jane.SearchableName);
                Assert.Equal("203.0.113.0", jane.SignUpIp);
                Assert.DoesNotContain("Jane", jane.Email, StringComparison.OrdinalIgnoreCase);
                Assert.False(realNameErased);

                var byEmail = await db.Accounts.WherePersonal(a => a.Email, "Jane.Doe@Example.com").SingleAsync(Ct);
                Assert.Equal(id, byEmail.Id);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void README_code_blocks_are_copied_verbatim_into_this_file()
    {
        var root = ReadmeBlocks.RepositoryRoot();
        var readme = ReadmeBlocks.Readme();
        var source = File.ReadAllText(Path.Combine(root, "tests", "PrivacyGuard.EntityFrameworkCore.Tests", "ReadmeSnippetTests.cs")).ReplaceLineEndings("\n");
        var sourceUsings = source.Split('\n').Where(ReadmeBlocks.IsUsing).Select(ReadmeBlocks.CodeOf).ToHashSet(StringComparer.Ordinal);

        foreach (var heading in new[] { "Annotate what is personal data:", "### Protecting entities with EF Core" })
        {
            var block = ReadmeBlocks.BlockAfter(readme, heading);
            var lines = block.Split('\n');
            Assert.All(lines.Where(ReadmeBlocks.IsUsing), line => Assert.Contains(ReadmeBlocks.CodeOf(line), sourceUsings));
            var code = string.Join('\n', lines.Where(line => !ReadmeBlocks.IsUsing(line))).Trim('\n');
            Assert.True(source.Contains(code, StringComparison.Ordinal), $"README.md's code block after \"{heading}\" is not in ReadmeSnippetTests.cs verbatim.");
        }
    }
}
