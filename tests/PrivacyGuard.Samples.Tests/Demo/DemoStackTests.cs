using System.Net;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using PrivacyGuard.Demo.Stack;
using PrivacyGuard.Samples.Tests.AccountService;

namespace PrivacyGuard.Samples.Tests.Demo;

/// <summary>
/// The demo stack as <c>dotnet run --project samples/PrivacyGuard.Demo</c> starts it (gateway in front of the account
/// service, in-process, on loopback), on ephemeral ports with its data folder in a temporary folder.
/// </summary>
public sealed class DemoStackTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "privacyguard-demo-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly StringWriter _log = new();
    private DemoStack? _stack;
    private HttpClient? _gateway;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DemoStack Stack => _stack!;

    private HttpClient Gateway => _gateway!;

    public async ValueTask InitializeAsync()
    {
        _stack = await DemoStack.StartAsync(new DemoStackOptions { GatewayPort = 0, ServicePort = 0, DataDirectory = Path.Combine(_folder, ".data") }, _log, Ct);
        _gateway = new HttpClient { BaseAddress = _stack.GatewayAddress };
    }

    public async ValueTask DisposeAsync()
    {
        _gateway?.Dispose();
        if (_stack is not null)
        {
            await _stack.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void The_stack_creates_the_development_key_file_with_its_warning_and_shares_one_data_folder()
    {
        Assert.True(File.Exists(Path.Combine(_folder, ".data", "dev-keys.json")));
        Assert.Contains("development only", _log.ToString(), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_folder, ".data", "privacyguard.db")));
        Assert.True(File.Exists(Path.Combine(_folder, ".data", "accounts.db")));
        Assert.NotEqual(Stack.GatewayAddress, Stack.ServiceAddress);
    }

    [Fact]
    public async Task A_sign_up_through_the_gateway_reaches_the_service_which_stores_no_raw_values_and_reads_back_plaintext()
    {
        using var response = await Gateway.PostAsJsonAsync("accounts", new { realName = "Jane Doe", userName = "janed", email = "jane.doe@example.com", settings = new Dictionary<string, string> { ["theme"] = "dark" } }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<ProfileDto>(Ct))!.Id;

        var row = await AccountServiceTests.ReadRowAsync(new SqliteConnection($"Data Source={Path.Combine(_folder, ".data", "accounts.db")};Pooling=false"), id);
        var all = string.Join('|', row.Values);
        Assert.DoesNotContain("jane.doe@example.com", all, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Jane Doe", all, StringComparison.Ordinal);
        Assert.DoesNotContain("janed", all, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", all, StringComparison.Ordinal);
        var profile = await Gateway.GetFromJsonAsync<ProfileDto>($"accounts/{id}", Ct);
        Assert.Equal("Jane Doe", profile!.RealName);
    }

    [Fact]
    public async Task An_objection_through_the_admin_API_takes_the_subject_off_the_mailing_list_served_through_the_gateway()
    {
        var jane = await SignUpThroughGatewayAsync("Jane Doe", "jane.doe@example.com");
        var john = await SignUpThroughGatewayAsync("John Roe", "john.roe@example.com");
        using var admin = new HttpClient { BaseAddress = Stack.ServiceAddress };
        admin.DefaultRequestHeaders.Add("X-PrivacyGuard-Key", Stack.AdminApiKey);

        using var objection = await admin.PostAsJsonAsync("privacy/subjects/object", new { subjectId = john.ToString(), purpose = "Marketing" }, Ct);
        var list = await Gateway.GetFromJsonAsync<List<MailingListDto>>("marketing/mailing-list", Ct) ?? [];

        Assert.Equal(HttpStatusCode.NoContent, objection.StatusCode);
        Assert.Equal([jane], list.Select(e => e.AccountId));
    }

    [Fact]
    public async Task The_vendor_export_through_the_gateway_holds_no_names_or_e_mails()
    {
        await SignUpThroughGatewayAsync("Jane Doe", "jane.doe@example.com");

        var body = await Gateway.GetStringAsync("vendor/accounts", Ct);

        Assert.DoesNotContain("Jane", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@", body, StringComparison.Ordinal);
        Assert.Contains("signUpNetwork", body, StringComparison.Ordinal);
    }

    private async Task<Guid> SignUpThroughGatewayAsync(string realName, string email)
    {
        using var response = await Gateway.PostAsJsonAsync("accounts", new { realName, userName = email.Split('@')[0], email, marketingOptIn = true }, Ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<ProfileDto>(Ct))!.Id;
    }
}
