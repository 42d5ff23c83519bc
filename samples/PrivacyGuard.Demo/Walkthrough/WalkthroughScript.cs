using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using PrivacyGuard.Demo.Stack;

namespace PrivacyGuard.Demo.Walkthrough;

/// <summary>
/// The story, over real HTTP through the gateway: sign-up, what the service received and stored, profile read, objection
/// to marketing, restriction, export, erasure and the access log's verification. Each step checks what it claims and
/// prints its evidence; the first step that does not behave as described ends the run.
/// </summary>
internal sealed class WalkthroughScript(DemoStack stack, StepReport report, TextWriter output) : IDisposable
{
    // Real-looking personal data; 203.0.113.0/24 and 198.51.100.0/24 are documentation networks (RFC 5737).
    private const string JaneEmail = "jane.doe@example.com";
    private const string JaneName = "Jane Doe";
    private const string JaneUser = "janed";
    private const string JaneIp = "203.0.113.42";
    private const string JaneNetwork = "203.0.113.0";
    private const string JohnIp = "198.51.100.7";
    private const string AdminKeyHeader = "X-PrivacyGuard-Key";
    private static readonly TimeSpan PropagationLimit = TimeSpan.FromSeconds(15);

    private readonly HttpClient _gateway = new() { BaseAddress = stack.GatewayAddress };
    private readonly HttpClient _service = new() { BaseAddress = stack.ServiceAddress };
    private Guid _jane;
    private Guid _john;
    private Dictionary<string, string> _rowBefore = [];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        Func<CancellationToken, Task<bool>>[] steps =
        [
            SignUpAsync, UpstreamReceivedAsync, DatabaseRowAsync, ProfileReadAsync, MailingListBeforeAsync, ObjectAsync,
            MailingListAfterAsync, RestrictAsync, ServiceCatchesUpAsync, ExportAsync, BackupAsync, EraseAsync, ExportAfterErasureAsync,
            RowAfterErasureAsync, RestoredRowAsync, EraseRestoredRowAsync, VerifyAccessLogAsync,
        ];
        foreach (var step in steps)
        {
            bool ok;
            try
            {
                ok = await step(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or JsonException or SqliteException or InvalidOperationException or NullReferenceException or TaskCanceledException)
            {
                // The exception's type and message only: none of them carries the walkthrough's personal data.
                ok = report.Step(false, $"{step.Method.Name} threw {e.GetType().Name}", e.Message);
            }

            if (!ok)
            {
                output.WriteLine($"   stopped: the remaining {steps.Length - Array.IndexOf(steps, step) - 1} steps build on this one.");
                return;
            }
        }
    }

    private async Task<bool> SignUpAsync(CancellationToken ct)
    {
        using var jane = await SignUpAsync(JaneName, JaneUser, JaneEmail, JaneIp, ct).ConfigureAwait(false);
        using var john = await SignUpAsync("John Roe", "johnr", "john.roe@example.com", JohnIp, ct).ConfigureAwait(false);
        var ok = jane.StatusCode == HttpStatusCode.Created && john.StatusCode == HttpStatusCode.Created;
        if (ok)
        {
            _jane = (await ReadJsonAsync(jane, ct).ConfigureAwait(false))["id"]!.GetValue<Guid>();
            _john = (await ReadJsonAsync(john, ct).ConfigureAwait(false))["id"]!.GetValue<Guid>();
        }

        return report.Step(ok, "Sign up through the gateway: POST /accounts",
            $"Jane Doe <{JaneEmail}> from {JaneIp} (sent as X-Forwarded-For: the stack trusts 127.0.0.1 as a proxy) → {(int)jane.StatusCode}, id {_jane}",
            $"John Roe <john.roe@example.com> from {JohnIp} → {(int)john.StatusCode}, id {_john} (both opted in to marketing)");
    }

    private Task<bool> UpstreamReceivedAsync(CancellationToken ct)
    {
        var received = stack.Upstream!.Received.FirstOrDefault(r => r.Method == "POST" && r.Path == "/accounts" && r.Body?.Contains(JaneName, StringComparison.Ordinal) == true);
        var email = received?.Body is { } body ? JsonNode.Parse(body)?["email"]?.GetValue<string>() : null;
        var ok = received is not null
            && received.ForwardedFor == JaneNetwork
            && email is not null && !email.Contains("jane", StringComparison.OrdinalIgnoreCase)
            && !received.Body!.Contains(JaneEmail, StringComparison.OrdinalIgnoreCase)
            && !received.Body.Contains(JaneIp, StringComparison.Ordinal);
        return Task.FromResult(report.Step(ok, "What the account service received (recorded on arrival, before its own middleware)",
            $"X-Forwarded-For: {received?.ForwardedFor} (the gateway truncated {JaneIp} to its /24)",
            $"email: {Evidence.Short(email)} (tokenized by the gateway's signup policy, rule $.email)",
            $"realName arrives as sent (no rule for it on the signup route); the service encrypts it on save"));
    }

    private async Task<bool> DatabaseRowAsync(CancellationToken ct)
    {
        _rowBefore = await ReadRowAsync(stack.AccountsDatabasePath, _jane, ct).ConfigureAwait(false);
        var all = string.Join('|', _rowBefore.Values);
        var ok = _rowBefore.Count > 0
            && !all.Contains(JaneEmail, StringComparison.OrdinalIgnoreCase) && !all.Contains(JaneName, StringComparison.Ordinal)
            && !all.Contains(JaneUser, StringComparison.Ordinal) && !all.Contains(JaneIp, StringComparison.Ordinal)
            && !all.Contains("dark", StringComparison.Ordinal)
            && _rowBefore["RealName"].StartsWith("pg1.", StringComparison.Ordinal) && _rowBefore["Settings"].StartsWith("pg1.", StringComparison.Ordinal);
        return report.Step(ok, $"The database row, read with plain SQL (Microsoft.Data.Sqlite on {Path.GetFileName(stack.AccountsDatabasePath)}): tokens and ciphertext only",
            _rowBefore.Where(c => c.Key is "RealName" or "UserName" or "Email" or "SignUpIp" or "Settings").Select(c => $"{c.Key,-9} {Evidence.Short(c.Value)}"));
    }

    private async Task<bool> ProfileReadAsync(CancellationToken ct)
    {
        using var response = await _gateway.GetAsync(new Uri($"accounts/{_jane}", UriKind.Relative), ct).ConfigureAwait(false);
        var profile = response.IsSuccessStatusCode ? await ReadJsonAsync(response, ct).ConfigureAwait(false) : null;
        var ok = response.StatusCode == HttpStatusCode.OK
            && profile?["realName"]?.GetValue<string>() == JaneName
            && profile["settings"]?["theme"]?.GetValue<string>() == "dark"
            && profile["email"]?.GetValue<string>() is { } email && !email.Contains("jane", StringComparison.OrdinalIgnoreCase);
        return report.Step(ok, $"Profile read through the gateway: GET /accounts/{{id}} → {(int)response.StatusCode}, plaintext where the service encrypted",
            $"realName {profile?["realName"]}, settings {profile?["settings"]?.ToJsonString()} (decrypted)",
            $"email {Evidence.Short(profile?["email"]?.ToString())}, signUpIp {profile?["signUpIp"]} (pseudonymized: one-way)");
    }

    private async Task<bool> MailingListBeforeAsync(CancellationToken ct)
    {
        var list = await MailingListAsync(ct).ConfigureAwait(false);
        return report.Step(list.Contains(_jane) && list.Contains(_john), "Marketing list through the gateway (purpose Marketing): GET /marketing/mailing-list",
            $"{list.Count} recipients: Jane {(list.Contains(_jane) ? "in" : "out")}, John {(list.Contains(_john) ? "in" : "out")}");
    }

    private async Task<bool> ObjectAsync(CancellationToken ct)
    {
        // The mailing list names no subject at the edge: the service's query filter enforces the objection, so it goes to
        // the service's admin API (its registry records it at once; the gateway's picks it up at its next resync).
        using var response = await AdminPostAsync(_service, "privacy/subjects/object", new { subjectId = Id(_jane), purpose = "Marketing" }, ct).ConfigureAwait(false);
        return report.Step(response.StatusCode == HttpStatusCode.NoContent, "Jane objects to marketing: POST /privacy/subjects/object on the account service's admin API",
            $"→ {(int)response.StatusCode} (the service enforces it: its query filter runs in the Marketing purpose)");
    }

    private async Task<bool> MailingListAfterAsync(CancellationToken ct)
    {
        var list = await MailingListAsync(ct).ConfigureAwait(false);
        return report.Step(!list.Contains(_jane) && list.Contains(_john), "The marketing list leaves Jane out",
            $"{list.Count} recipient(s): Jane {(list.Contains(_jane) ? "in" : "out")}, John {(list.Contains(_john) ? "in" : "out")}");
    }

    private async Task<bool> RestrictAsync(CancellationToken ct)
    {
        // The profile route names its subject at the edge (policy Subject: route value accountId): the gateway enforces a
        // restriction before the request leaves, so the restriction goes to the gateway's admin API.
        var reachedBefore = ProfileRequestsReceived();
        using var restrict = await AdminPostAsync(_gateway, "privacy/subjects/restrict", new { subjectId = Id(_jane), reason = "AccuracyContested" }, ct).ConfigureAwait(false);
        using var read = await _gateway.GetAsync(new Uri($"accounts/{_jane}", UriKind.Relative), ct).ConfigureAwait(false);
        var reached = ProfileRequestsReceived() - reachedBefore;
        var ok = restrict.StatusCode == HttpStatusCode.NoContent && read.StatusCode == HttpStatusCode.Forbidden && reached == 0;
        return report.Step(ok, "Restrict Jane: POST /privacy/subjects/restrict on the gateway's admin API, then GET /accounts/{id} through the gateway",
            $"restrict → {(int)restrict.StatusCode}; profile read → {(int)read.StatusCode} {read.Content.Headers.ContentType?.MediaType}",
            $"requests for the profile that reached the service: {reached}{(reached == 0 ? " (refused at the edge)" : "")}");
    }

    private async Task<bool> ServiceCatchesUpAsync(CancellationToken ct)
    {
        // The service's own registry learns of the restriction from the shared store at its next resync
        // (PrivacyGuard:Store:ResyncInterval, 1 s in the demo): asked directly, it refuses as well.
        var took = await WaitUntilAsync(async () =>
        {
            using var direct = await _service.GetAsync(new Uri($"accounts/{_jane}", UriKind.Relative), ct).ConfigureAwait(false);
            return direct.StatusCode == HttpStatusCode.Forbidden;
        }, ct).ConfigureAwait(false);
        return report.Step(took is not null, "The account service enforces the restriction too, once its registry resyncs from the shared store",
            took is { } t ? $"direct GET {stack.ServiceAddress}accounts/{{id}} → 403 after {t.TotalMilliseconds:F0} ms (ResyncInterval 1 s)" : $"still served after {PropagationLimit.TotalSeconds:F0} s");
    }

    private async Task<bool> ExportAsync(CancellationToken ct)
    {
        // The rows live in the service's database: export and erasure go to the service's admin API (the gateway's would
        // only report the restriction state, or shred the key, with no records).
        var export = await ExportJsonAsync(ct).ConfigureAwait(false);
        var realName = Field(export, "RealName");
        var ok = export?["format"]?.GetValue<string>() == "privacyguard-export/1"
            && export["erased"]?.GetValue<bool>() == false && export["restricted"]?.GetValue<bool>() == true
            && export["objections"]?.AsArray().Any(o => o?.GetValue<string>() == "Marketing") == true
            && realName?["value"]?.GetValue<string>() == JaneName && realName["state"]?.GetValue<string>() == "plaintext";
        var lines = new List<string> { "POST /privacy/subjects/export on the account service's admin API (works under restriction: LegalObligation) →" };
        lines.AddRange((export?.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) ?? "(none)").Split('\n').Select(l => "  " + l.TrimEnd('\r')));
        return report.Step(ok, "Export (portable JSON, privacyguard-export/1): restricted, objects to Marketing, name in plaintext", lines);
    }

    private async Task<bool> BackupAsync(CancellationToken ct)
    {
        // An ordinary backup of the application database (SQLite's online backup), as a nightly job would take it.
        var live = new SqliteConnection($"Data Source={stack.AccountsDatabasePath};Pooling=false");
        await using (live.ConfigureAwait(false))
        {
            var backup = new SqliteConnection($"Data Source={BackupPath};Pooling=false");
            await using (backup.ConfigureAwait(false))
            {
                await live.OpenAsync(ct).ConfigureAwait(false);
                live.BackupDatabase(backup);
            }
        }

        var row = await ReadRowAsync(BackupPath, _jane, ct).ConfigureAwait(false);
        return report.Step(row.GetValueOrDefault("RealName") == _rowBefore["RealName"], "A backup of accounts.db is taken (SQLite online backup), before the erasure",
            $"{Path.GetFileName(BackupPath)} holds Jane's row: RealName {Evidence.Short(row.GetValueOrDefault("RealName"))}");
    }

    private async Task<bool> EraseAsync(CancellationToken ct)
    {
        using var response = await AdminPostAsync(_service, "privacy/subjects/erase", new { subjectId = Id(_jane) }, ct).ConfigureAwait(false);
        var result = response.IsSuccessStatusCode ? await ReadJsonAsync(response, ct).ConfigureAwait(false) : null;
        return report.Step(response.StatusCode == HttpStatusCode.OK && result?["keyShredded"]?.GetValue<bool>() == true,
            "Erase: POST /privacy/subjects/erase on the account service's admin API (it holds the rows; the key lives in the shared store)",
            $"→ {(int)response.StatusCode} {result?.ToJsonString()} (Jane's key shredded; the account row, whose key is the subject id, deleted)");
    }

    private async Task<bool> ExportAfterErasureAsync(CancellationToken ct)
    {
        var export = await ExportJsonAsync(ct).ConfigureAwait(false);
        var ok = export?["erased"]?.GetValue<bool>() == true && export["records"]?.AsArray().Count == 0;
        return report.Step(ok, "The export now shows Jane erased: POST /privacy/subjects/export on the account service's admin API",
            $"erased {export?["erased"]}, restricted {export?["restricted"]}, records {export?["records"]?.ToJsonString()}");
    }

    private async Task<bool> RowAfterErasureAsync(CancellationToken ct)
    {
        var live = await ReadRowAsync(stack.AccountsDatabasePath, _jane, ct).ConfigureAwait(false);
        var backup = await ReadRowAsync(BackupPath, _jane, ct).ConfigureAwait(false);
        var ok = live.Count == 0 && backup.GetValueOrDefault("RealName") == _rowBefore["RealName"] && backup["RealName"].StartsWith("pg1.", StringComparison.Ordinal);
        return report.Step(ok, "Plain SQL again: the live row is gone; the backup still holds the ciphertext, whose key no longer exists",
            $"accounts.db: {(live.Count == 0 ? "no row for Jane" : "Jane's row is still there")}",
            $"{Path.GetFileName(BackupPath)}: RealName {Evidence.Short(backup.GetValueOrDefault("RealName"))}, Settings {Evidence.Short(backup.GetValueOrDefault("Settings"))}");
    }

    private async Task<bool> RestoredRowAsync(CancellationToken ct)
    {
        // Restore Jane's row from the backup (as a careless restore would), lift the restriction on the gateway (where it
        // was set) and read the profile through the gateway once the service's registry has the lift too.
        await RestoreFromBackupAsync(_jane, ct).ConfigureAwait(false);
        var restored = await ReadRowAsync(stack.AccountsDatabasePath, _jane, ct).ConfigureAwait(false);
        using var lift = await AdminPostAsync(_gateway, "privacy/subjects/lift-restriction", new { subjectId = Id(_jane) }, ct).ConfigureAwait(false);
        JsonNode? profile = null;
        var status = HttpStatusCode.Forbidden;
        var took = await WaitUntilAsync(async () =>
        {
            using var read = await _gateway.GetAsync(new Uri($"accounts/{_jane}", UriKind.Relative), ct).ConfigureAwait(false);
            status = read.StatusCode;
            profile = read.StatusCode == HttpStatusCode.OK ? await ReadJsonAsync(read, ct).ConfigureAwait(false) : null;
            return read.StatusCode != HttpStatusCode.Forbidden;
        }, ct).ConfigureAwait(false);
        var realName = profile?["realName"]?.GetValue<string>();
        var export = await ExportJsonAsync(ct).ConfigureAwait(false);
        var states = export?["records"]?.AsArray().SelectMany(r => r?["fields"]?.AsArray() ?? []).Select(f => $"{f?["name"]}={f?["state"]}") ?? [];
        var ok = restored.GetValueOrDefault("RealName") == _rowBefore["RealName"] && lift.StatusCode == HttpStatusCode.NoContent && took is not null
            && status == HttpStatusCode.OK && realName is null && profile?["settings"]?.AsObject().Count == 0
            && Field(export, "RealName")?["state"]?.GetValue<string>() == "erased" && Field(export, "Settings")?["state"]?.GetValue<string>() == "erased";
        return report.Step(ok, "The row restored from the backup is unreadable: the profile read through the gateway reports erased values",
            $"restored row: RealName {Evidence.Short(restored.GetValueOrDefault("RealName"))} (the same ciphertext)",
            $"lift-restriction on the gateway's admin API → {(int)lift.StatusCode}; the service served the profile again after {took?.TotalMilliseconds:F0} ms",
            $"GET /accounts/{{id}} → {(int)status}: realName {(realName is null ? "null" : $"\"{realName}\"")}, settings {profile?["settings"]?.ToJsonString()} (the subject key is shredded)",
            $"export: erased {export?["erased"]}; {string.Join(", ", states)}");
    }

    private async Task<bool> EraseRestoredRowAsync(CancellationToken ct)
    {
        using var response = await AdminPostAsync(_service, "privacy/subjects/erase", new { subjectId = Id(_jane) }, ct).ConfigureAwait(false);
        var result = response.IsSuccessStatusCode ? await ReadJsonAsync(response, ct).ConfigureAwait(false) : null;
        var live = await ReadRowAsync(stack.AccountsDatabasePath, _jane, ct).ConfigureAwait(false);
        var ok = response.StatusCode == HttpStatusCode.OK && result?["keyShredded"]?.GetValue<bool>() == false && result["deleted"]?.GetValue<int>() == 1 && live.Count == 0;
        return report.Step(ok, "Erasing again removes the restored row (erasure is idempotent; the key was already gone)",
            $"POST /privacy/subjects/erase on the account service's admin API → {(int)response.StatusCode} {result?.ToJsonString()}; accounts.db: {(live.Count == 0 ? "no row for Jane" : "row still there")}");
    }

    private async Task<bool> VerifyAccessLogAsync(CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "privacy/access-log/verify");
        request.Headers.Add(AdminKeyHeader, stack.AdminApiKey);
        using var response = await _gateway.SendAsync(request, ct).ConfigureAwait(false);
        var verification = response.IsSuccessStatusCode ? await ReadJsonAsync(response, ct).ConfigureAwait(false) : null;
        using var tokenResponse = await AdminPostAsync(_gateway, "privacy/access-log/subject-token", new { subjectId = Id(_jane) }, ct).ConfigureAwait(false);
        var token = tokenResponse.IsSuccessStatusCode ? (await ReadJsonAsync(tokenResponse, ct).ConfigureAwait(false))["subjectToken"]?.GetValue<string>() : null;
        using var events = new HttpRequestMessage(HttpMethod.Get, $"privacy/access-log?subjectToken={Uri.EscapeDataString(token ?? "")}");
        events.Headers.Add(AdminKeyHeader, stack.AdminApiKey);
        using var eventsResponse = await _gateway.SendAsync(events, ct).ConfigureAwait(false);
        var janeEvents = eventsResponse.IsSuccessStatusCode ? (await ReadJsonAsync(eventsResponse, ct).ConfigureAwait(false)).AsArray() : [];
        var summary = janeEvents.GroupBy(e => $"{e?["action"]}/{e?["outcome"]}").Select(g => $"{g.Key} ×{g.Count()}");
        var ok = verification?["isValid"]?.GetValue<bool>() == true && verification["eventsChecked"]?.GetValue<long>() > 0 && janeEvents.Count > 0;
        return report.Step(ok, "Access log: GET /privacy/access-log/verify on the gateway's admin API (one store, both hosts write to it)",
            $"→ {(int)response.StatusCode} {verification?.ToJsonString()}",
            $"Jane's events (by subject token {Evidence.Short(token, 16)}): {janeEvents.Count}: {string.Join(", ", summary)}");
    }

    public void Dispose()
    {
        _gateway.Dispose();
        _service.Dispose();
    }

    private static string Id(Guid id) => id.ToString("D", CultureInfo.InvariantCulture);

    private static JsonNode? Field(JsonNode? export, string name) =>
        export?["records"]?.AsArray().SelectMany(r => r?["fields"]?.AsArray() ?? []).FirstOrDefault(f => f?["name"]?.GetValue<string>() == name);

    private static async Task<JsonNode> ReadJsonAsync(HttpResponseMessage response, CancellationToken ct) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false)) ?? throw new JsonException("The response body is JSON null.");

    private async Task<HttpResponseMessage> SignUpAsync(string realName, string userName, string email, string ip, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "accounts")
        {
            Content = JsonContent.Create(new { realName, userName, email, marketingOptIn = true, settings = new Dictionary<string, string> { ["theme"] = "dark" } }),
        };
        request.Headers.Add("X-Forwarded-For", ip);
        return await _gateway.SendAsync(request, ct).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> AdminPostAsync(HttpClient client, string path, object body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add(AdminKeyHeader, stack.AdminApiKey);
        return await client.SendAsync(request, ct).ConfigureAwait(false);
    }

    private async Task<JsonNode?> ExportJsonAsync(CancellationToken ct)
    {
        using var response = await AdminPostAsync(_service, "privacy/subjects/export", new { subjectId = Id(_jane) }, ct).ConfigureAwait(false);
        return response.IsSuccessStatusCode ? await ReadJsonAsync(response, ct).ConfigureAwait(false) : null;
    }

    private async Task<List<Guid>> MailingListAsync(CancellationToken ct)
    {
        var list = await _gateway.GetFromJsonAsync<JsonArray>("marketing/mailing-list", ct).ConfigureAwait(false) ?? [];
        return [.. list.Select(e => e!["accountId"]!.GetValue<Guid>())];
    }

    private int ProfileRequestsReceived() =>
        stack.Upstream!.Received.Count(r => r.Method == "GET" && r.Path.EndsWith(Id(_jane), StringComparison.OrdinalIgnoreCase));

    private string BackupPath => Path.Combine(stack.DataDirectory, "accounts-backup.db");

    private async Task RestoreFromBackupAsync(Guid id, CancellationToken ct)
    {
        var connection = new SqliteConnection($"Data Source={stack.AccountsDatabasePath};Pooling=false");
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = """
                    ATTACH DATABASE $backup AS backup;
                    INSERT INTO main."Accounts" SELECT * FROM backup."Accounts" WHERE upper("Id") = upper($id);
                    DETACH DATABASE backup;
                    """;
                command.Parameters.AddWithValue("$backup", BackupPath);
                command.Parameters.AddWithValue("$id", Id(id));
                await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
        }
    }

    private static async Task<Dictionary<string, string>> ReadRowAsync(string databasePath, Guid id, CancellationToken ct)
    {
        var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=false");
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = """SELECT "RealName", "UserName", "Email", "SignUpIp", "Settings" FROM "Accounts" WHERE upper("Id") = upper($id)""";
                command.Parameters.AddWithValue("$id", Id(id));
                var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    var row = new Dictionary<string, string>(StringComparer.Ordinal);
                    if (await reader.ReadAsync(ct).ConfigureAwait(false))
                    {
                        for (var i = 0; i < reader.FieldCount; i++)
                        {
                            row[reader.GetName(i)] = reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture) ?? "";
                        }
                    }

                    return row;
                }
            }
        }
    }

    /// <summary>Polls <paramref name="probe"/> every 100 ms until it holds (returns how long it took) or the limit passes (null).</summary>
    private static async Task<TimeSpan?> WaitUntilAsync(Func<Task<bool>> probe, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < PropagationLimit)
        {
            if (await probe().ConfigureAwait(false))
            {
                return clock.Elapsed;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), ct).ConfigureAwait(false);
        }

        return null;
    }
}
