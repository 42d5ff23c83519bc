using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PrivacyGuard.AccessLog;
using PrivacyGuard.AspNetCore.Admin;
using PrivacyGuard.AspNetCore.Problems;

namespace PrivacyGuard.AspNetCore.Tests.Leakage;

/// <summary>
/// Sends unique canary e-mails, IP addresses and names through every scenario of a fully wired service and then looks
/// for them everywhere the service writes: every log event (rendered as text and as JSON, in memory and in the log
/// files), every HTTP response (status line, headers, body), every row of every SQLite database read with plain SQL,
/// the raw bytes of every file in the service's folder (databases with their -wal/-journal files, logs) and the access
/// events. None may hold a raw canary. Subject ids are GUIDs (they travel in a header and in admin bodies), so the
/// canaries are the values a request carries, not ids that ASP.NET Core's own request logs would print in a path.
/// </summary>
public sealed class LeakageTests : IAsyncLifetime
{
    private readonly Canaries _canaries = new();
    private readonly List<string> _responses = [];
    private LeakHost? _host;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private LeakHost Host => _host!;

    public async ValueTask InitializeAsync() => _host = await LeakHost.StartAsync(Ct);

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    [Fact]
    public async Task Canaries_sent_through_every_scenario_appear_in_no_log_response_row_file_or_access_event()
    {
        var subjectA = Guid.NewGuid();
        var nameA = _canaries.Name();
        var export = await RunScenariosAsync(subjectA, nameA);

        // The export is the one place raw data may appear: it returns the subject's own data (the name, decrypted) to
        // an authorized admin, which is its purpose. It is kept out of the scan, and it proves the canaries really were
        // stored (encrypted) and that the scanner finds a canary where one is.
        Assert.Contains(nameA, export, StringComparison.Ordinal);

        // Every scenario ran and logged: the handler's own event, the request log, PrivacyGuard's refusals.
        var events = Host.Sink.Events;
        Assert.Contains(events, e => e.MessageTemplate.Text.StartsWith("Received {@Member}", StringComparison.Ordinal));
        Assert.Contains(events, e => e.MessageTemplate.Text.StartsWith("Visit by", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Properties.ContainsKey("ClientIp") && e.Properties.ContainsKey("StatusCode"));
        Assert.Contains(events, e => e.MessageTemplate.Text.StartsWith("Refused {Resource}", StringComparison.Ordinal));
        Assert.Contains(events, e => Source(e).StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
        Assert.Contains(events, e => Source(e).StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));

        var leaks = new List<string>();
        Scan(leaks, "log (text and JSON)", Host.Sink.RenderAll());
        foreach (var response in _responses)
        {
            Scan(leaks, "response", response);
        }

        var accessEvents = await AccessEventsAsync();
        Assert.Contains(accessEvents, e => e.Outcome == AccessOutcome.Denied && e.Reason == "processing-restricted");
        Assert.Contains(accessEvents, e => e.Outcome == AccessOutcome.Denied && e.Reason == "objection");
        Assert.Contains(accessEvents, e => e.Resource == "admin:export");
        Scan(leaks, "access events", JsonSerializer.Serialize(accessEvents));

        var databases = StoredData.SqliteFiles(Host.Folder);
        Assert.Equal(2, databases.Count);
        foreach (var database in databases)
        {
            var rows = StoredData.Rows(database);
            Assert.NotEmpty(rows);
            foreach (var row in rows)
            {
                Scan(leaks, $"row of {Path.GetFileName(database)}", row);
            }
        }

        ScanFiles(leaks, "while running");

        // Stopping flushes and closes the log files and checkpoints the databases: scan every file again.
        await Host.StopAsync();
        var text = await File.ReadAllTextAsync(Path.Combine(Host.Folder, "logs", "log.txt"), Ct);
        var json = await File.ReadAllTextAsync(Path.Combine(Host.Folder, "logs", "log.json"), Ct);
        Assert.Contains("HTTP POST /members responded 201", text, StringComparison.Ordinal);
        Assert.Contains("\"RequestPath\":\"/members\"", json, StringComparison.Ordinal);
        ScanFiles(leaks, "after stop");

        Assert.Empty(leaks);
    }

    /// <summary>Runs every scenario; returns the export body of <paramref name="subjectA"/> (not scanned).</summary>
    private async Task<string> RunScenariosAsync(Guid subjectA, string nameA)
    {
        var emailA = _canaries.Email();

        // Normal requests: the body is rewritten, the handler logs the model, EF Core saves and reads it.
        await ExpectAsync(HttpStatusCode.Created, Json(HttpMethod.Post, "/members", Member(subjectA, emailA, nameA), subjectA, _canaries.Ipv4()));
        await ExpectAsync(HttpStatusCode.OK, Request(HttpMethod.Get, $"/members/{subjectA}", subjectA, _canaries.Ipv6()));
        await ExpectAsync(HttpStatusCode.OK, Json(HttpMethod.Post, "/visits", JsonSerializer.Serialize(new { ip = _canaries.Ipv4(), fullName = _canaries.Name(), email = _canaries.Email(), count = 3 }), null, _canaries.Ipv6()));

        // Spoofed forwarding headers: a chain with spoofed hops, Forwarded and X-Real-IP (not enabled), garbage hops.
        var spoofed = Json(HttpMethod.Post, "/members", Member(Guid.NewGuid(), _canaries.Email(), _canaries.Name()), Guid.NewGuid(), null);
        spoofed.Headers.TryAddWithoutValidation("X-Forwarded-For", $"{_canaries.Ipv4()}, [{_canaries.Ipv6()}]:443, {_canaries.Ipv4()}");
        spoofed.Headers.TryAddWithoutValidation("Forwarded", $"for={_canaries.Ipv4()};by={_canaries.Ipv4()}, for=\"[{_canaries.Ipv6()}]\"");
        spoofed.Headers.TryAddWithoutValidation("X-Real-IP", _canaries.Ipv4());
        await ExpectAsync(HttpStatusCode.Created, spoofed);
        var garbage = Request(HttpMethod.Get, $"/members/{subjectA}", subjectA, null);
        garbage.Headers.TryAddWithoutValidation("X-Forwarded-For", $"{_canaries.Email()}, {_canaries.Ipv4()}x, \"{_canaries.Name()}\"");
        await ExpectAsync(HttpStatusCode.OK, garbage);

        // Bodies the rewriter refuses: problem bodies with fixed text only.
        var email = _canaries.Email();
        await ExpectProblemAsync(HttpStatusCode.BadRequest, PrivacyProblemTypes.MalformedBody, Json(HttpMethod.Post, "/members", $"{{\"email\":\"{email}\",\"realName\":\"{_canaries.Name()}\",", Guid.NewGuid(), _canaries.Ipv4()));
        var pad = new string('x', LeakHost.MaxBodyBytes);
        await ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge, PrivacyProblemTypes.BodyTooLarge, Json(HttpMethod.Post, "/members", $"{{\"email\":\"{_canaries.Email()}\",\"realName\":\"{_canaries.Name()}\",\"pad\":\"{pad}\"}}", Guid.NewGuid(), _canaries.Ipv4()));
        var deep = $"{{\"email\":\"{_canaries.Email()}\",\"realName\":\"{_canaries.Name()}\",\"x\":{new string('[', 100)}\"{_canaries.Email()}\"{new string(']', 100)}}}";
        await ExpectProblemAsync(HttpStatusCode.BadRequest, PrivacyProblemTypes.BodyTooDeep, Json(HttpMethod.Post, "/members", deep, Guid.NewGuid(), _canaries.Ipv6()));
        byte[] invalidUtf8 = [.. Encoding.UTF8.GetBytes($"{{\"email\":\"{_canaries.Email()}\",\"realName\":\"{_canaries.Name()}"), 0xC3, 0x28, .. "\"}"u8];
        await ExpectProblemAsync(HttpStatusCode.BadRequest, PrivacyProblemTypes.MalformedBody, Bytes(HttpMethod.Post, "/members", invalidUtf8, "application/json", Guid.NewGuid()));
        await ExpectProblemAsync(HttpStatusCode.BadRequest, PrivacyProblemTypes.UnsupportedValue, Json(HttpMethod.Post, "/members", JsonSerializer.Serialize(new { email = _canaries.Name() + " at home" }), Guid.NewGuid(), null));
        await ExpectAsync(HttpStatusCode.UnsupportedMediaType, Bytes(HttpMethod.Post, "/members", Encoding.UTF8.GetBytes($"email={_canaries.Email()}&name={_canaries.Name()}"), "text/plain", Guid.NewGuid()));
        var ambiguous = Json(HttpMethod.Post, "/members", Member(Guid.NewGuid(), _canaries.Email(), _canaries.Name()), Guid.NewGuid(), _canaries.Ipv4());
        ambiguous.Headers.Add(LeakApp.SubjectHeader, Guid.NewGuid().ToString());
        await ExpectProblemAsync(HttpStatusCode.BadRequest, PrivacyProblemTypes.SubjectRequired, ambiguous);

        // A restricted subject and an objection, set through the admin API, refused at the edge.
        var restricted = Guid.NewGuid();
        await ExpectAsync(HttpStatusCode.NoContent, Admin("privacy/subjects/restrict", JsonSerializer.Serialize(new { subjectId = restricted.ToString(), reason = "AccuracyContested" })));
        await ExpectProblemAsync(HttpStatusCode.Forbidden, PrivacyProblemTypes.ProcessingRestricted, Json(HttpMethod.Post, "/members", Member(restricted, _canaries.Email(), _canaries.Name()), restricted, _canaries.Ipv4()));
        await ExpectProblemAsync(HttpStatusCode.Forbidden, PrivacyProblemTypes.ProcessingRestricted, Request(HttpMethod.Get, $"/members/{restricted}", restricted, _canaries.Ipv6()));
        var objected = Guid.NewGuid();
        await ExpectAsync(HttpStatusCode.NoContent, Admin("privacy/subjects/object", JsonSerializer.Serialize(new { subjectId = objected.ToString(), purpose = "Marketing" })));
        await ExpectProblemAsync(HttpStatusCode.Forbidden, PrivacyProblemTypes.Objection, Json(HttpMethod.Post, "/marketing/members", Member(objected, _canaries.Email(), _canaries.Name()), objected, _canaries.Ipv4()));
        await ExpectAsync(HttpStatusCode.OK, Json(HttpMethod.Post, "/marketing/members", Member(subjectA, _canaries.Email(), _canaries.Name()), subjectA, _canaries.Ipv6()));

        // Admin calls: bad bodies, no key, a wrong key, a key without the role, the subject token, the access log.
        await ExpectProblemAsync(HttpStatusCode.BadRequest, null, Admin("privacy/subjects/restrict", $"{{\"subjectId\":\"{_canaries.Email()}\",\"reason\":"));
        await ExpectProblemAsync(HttpStatusCode.BadRequest, null, Admin("privacy/subjects/restrict", JsonSerializer.Serialize(new { subjectId = Guid.NewGuid().ToString(), reason = _canaries.Name() })));
        await ExpectProblemAsync(HttpStatusCode.BadRequest, null, Admin("privacy/subjects/object", JsonSerializer.Serialize(new { subjectId = Guid.NewGuid().ToString(), purpose = _canaries.Email() })));
        await ExpectProblemAsync(HttpStatusCode.Unauthorized, AdminProblemTypes.Unauthenticated, Admin("privacy/subjects/erase", JsonSerializer.Serialize(new { subjectId = _canaries.Email() }), key: null));
        await ExpectProblemAsync(HttpStatusCode.Unauthorized, AdminProblemTypes.Unauthenticated, Admin("privacy/subjects/erase", JsonSerializer.Serialize(new { subjectId = _canaries.Name() }), key: _canaries.Email()));
        await ExpectProblemAsync(HttpStatusCode.Forbidden, null, Admin("privacy/subjects/restrict", JsonSerializer.Serialize(new { subjectId = _canaries.Email(), reason = "AccuracyContested" }), key: LeakHost.AuditorKey));
        await ExpectAsync(HttpStatusCode.OK, Admin("privacy/access-log/subject-token", JsonSerializer.Serialize(new { subjectId = _canaries.Email() }), key: LeakHost.AuditorKey));
        await ExpectAsync(HttpStatusCode.OK, Admin("privacy/subjects/erase", JsonSerializer.Serialize(new { subjectId = Guid.NewGuid().ToString() })));

        // Export (not scanned, see the caller), then erase the subject and read the access log through the API.
        string exported;
        using (var request = Admin("privacy/subjects/export", JsonSerializer.Serialize(new { subjectId = subjectA.ToString() })))
        using (var response = await Host.Client.SendAsync(request, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            exported = await response.Content.ReadAsStringAsync(Ct);
        }

        await ExpectAsync(HttpStatusCode.OK, Admin("privacy/subjects/erase", JsonSerializer.Serialize(new { subjectId = subjectA.ToString() })));
        using (var request = new HttpRequestMessage(HttpMethod.Get, "privacy/access-log?limit=1000"))
        {
            request.Headers.Add(PrivacyGuardAdminOptions.ApiKeyHeader, LeakHost.AuditorKey);
            await ExpectAsync(HttpStatusCode.OK, request);
        }

        return exported;
    }

    private static string Member(Guid id, string email, string name) =>
        JsonSerializer.Serialize(new { id, email, realName = name, plan = "pro" });

    private static HttpRequestMessage Request(HttpMethod method, string path, Guid? subject, string? clientAddress)
    {
        var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (subject is { } id)
        {
            request.Headers.Add(LeakApp.SubjectHeader, id.ToString());
        }

        if (clientAddress is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", clientAddress);
        }

        return request;
    }

    private static HttpRequestMessage Json(HttpMethod method, string path, string json, Guid? subject, string? clientAddress)
    {
        var request = Request(method, path, subject, clientAddress);
        request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return request;
    }

    private static HttpRequestMessage Bytes(HttpMethod method, string path, byte[] body, string mediaType, Guid subject)
    {
        var request = Request(method, path, subject, null);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return request;
    }

    private static HttpRequestMessage Admin(string path, string json, string? key = LeakHost.AdminKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation(PrivacyGuardAdminOptions.ApiKeyHeader, key);
        }

        return request;
    }

    private async Task<string> ExpectAsync(HttpStatusCode status, HttpRequestMessage request)
    {
        using (request)
        using (var response = await Host.Client.SendAsync(request, Ct))
        {
            var body = await response.Content.ReadAsStringAsync(Ct);
            _responses.Add($"{request.Method} {request.RequestUri} -> {(int)response.StatusCode} {response.ReasonPhrase}\n{response.Headers}{response.Content.Headers}\n{body}");
            Assert.True(status == response.StatusCode, $"{request.Method} {request.RequestUri}: expected {status}, got {response.StatusCode}: {body}");
            return body;
        }
    }

    private async Task ExpectProblemAsync(HttpStatusCode status, string? type, HttpRequestMessage request)
    {
        var body = await ExpectAsync(status, request);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal((int)status, problem.RootElement.GetProperty("status").GetInt32());
        if (type is not null)
        {
            Assert.Equal(type, problem.RootElement.GetProperty("type").GetString());
        }
    }

    private async Task<List<AccessEvent>> AccessEventsAsync()
    {
        var reader = Host.Services.GetRequiredService<IAccessLogReader>();
        var events = new List<AccessEvent>();
        await foreach (var recorded in reader.QueryAsync(new AccessLogQuery { Limit = 10_000 }, Ct))
        {
            events.Add(recorded.Event);
        }

        return events;
    }

    private void Scan(List<string> leaks, string where, string text)
    {
        foreach (var canary in _canaries.FoundIn(text))
        {
            leaks.Add($"{canary} in {where}: {Excerpt(text, canary)}");
        }
    }

    private void ScanFiles(List<string> leaks, string when)
    {
        var files = 0;
        foreach (var (file, bytes) in StoredData.Files(Host.Folder))
        {
            files++;
            foreach (var canary in _canaries.FoundIn(bytes))
            {
                leaks.Add($"{canary} in the bytes of {Path.GetRelativePath(Host.Folder, file)} ({when})");
            }
        }

        Assert.True(files >= 4, $"expected the databases and both log files, found {files} files");
    }

    private static string Excerpt(string text, string canary)
    {
        var at = text.IndexOf(canary, StringComparison.OrdinalIgnoreCase);
        var start = Math.Max(0, at - 200);
        return text[start..Math.Min(text.Length, at + canary.Length + 100)];
    }

    private static string Source(Serilog.Events.LogEvent e) =>
        e.Properties.TryGetValue("SourceContext", out var source) ? source.ToString().Trim('"') : string.Empty;
}
