using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using PrivacyGuard.AccessLog;
using PrivacyGuard.AspNetCore.Admin;
using PrivacyGuard.Restriction;
using PrivacyGuard.Rights;

namespace PrivacyGuard.AspNetCore.Tests.Admin;

public sealed class AdminApiTests : IAsyncLifetime
{
    private const string Email = "jane.doe@example.com";
    private const string Name = "Jane Doe";

    private AdminApiHost? _host;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private AdminApiHost Host => _host!;

    public async ValueTask InitializeAsync() => _host = await AdminApiHost.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    private static string Subject(Guid id) => JsonSerializer.Serialize(new { subjectId = id.ToString() });

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            return await Host.Client.SendAsync(request, Ct);
        }
    }

    private async Task<List<RecordedAccessEvent>> EventsAsync(string? subjectToken = null)
    {
        var reader = Host.Services.GetRequiredService<IAccessLogReader>();
        var events = new List<RecordedAccessEvent>();
        await foreach (var e in reader.QueryAsync(new AccessLogQuery { SubjectToken = subjectToken, Limit = 10_000 }, Ct))
        {
            events.Add(e);
        }

        return events;
    }

    [Fact]
    public async Task An_anonymous_call_gets_401_problem_with_a_challenge_and_is_recorded_as_denied()
    {
        var member = await Host.AddMemberAsync(Email, Name);

        using var response = await SendAsync(Host.Post("privacy/subjects/erase", Subject(member.Id), key: null));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(AdminProblemTypes.Unauthenticated, await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("PrivacyGuardApiKey", response.Headers.WwwAuthenticate.Single().Scheme);
        var denied = Assert.Single(await EventsAsync(), e => e.Event.Outcome == AccessOutcome.Denied);
        Assert.Equal("admin:erase", denied.Event.Resource);
        Assert.Equal("anonymous", denied.Event.Actor);
        Assert.Equal("unauthenticated", denied.Event.Reason);
        Assert.False(await Host.Services.GetRequiredService<IDataSubjectRights>().ExportAsync(member.Id.ToString(), Ct).ContinueWith(t => t.Result.Erased, Ct));
    }

    [Fact]
    public async Task A_wrong_key_gets_401_and_a_key_without_the_role_gets_403()
    {
        var member = await Host.AddMemberAsync(Email, Name);

        using var wrong = await SendAsync(Host.Post("privacy/subjects/erase", Subject(member.Id), key: AdminApiHost.AdminKey + "x"));
        using var auditor = await SendAsync(Host.Post("privacy/subjects/erase", Subject(member.Id), key: AdminApiHost.AuditorKey));

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, auditor.StatusCode);
        Assert.Contains(AdminProblemTypes.Forbidden, await auditor.Content.ReadAsStringAsync(Ct));
        var denials = (await EventsAsync()).Where(e => e.Event.Outcome == AccessOutcome.Denied).ToList();
        Assert.Equal(2, denials.Count);
        Assert.Contains(denials, e => e.Event.Actor == "api-key:audit" && e.Event.Reason == "forbidden");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(0)]
    public async Task A_key_header_sent_twice_or_empty_gets_401_and_is_recorded_as_denied(int copies)
    {
        var member = await Host.AddMemberAsync(Email, Name);
        var body = JsonSerializer.Serialize(new { subjectId = member.Id.ToString(), reason = "AccuracyContested" });
        string[] keyLines = copies == 0
            ? [PrivacyGuardAdminOptions.ApiKeyHeader + ":"]
            : [.. Enumerable.Repeat(PrivacyGuardAdminOptions.ApiKeyHeader + ": " + AdminApiHost.AdminKey, copies)];
        var head = PrivacyGuard.Tests.RawHttp.Head("POST", "/privacy/subjects/restrict",
            [.. keyLines, "Content-Type: application/json", "Content-Length: " + body.Length.ToString(CultureInfo.InvariantCulture)]);

        var response = await PrivacyGuard.Tests.RawHttp.SendAsync(Host.Host.Address, head + body);

        Assert.Equal(401, response.Status);
        Assert.False(Host.Services.GetRequiredService<IRestrictionRegistry>().IsRestricted(member.Id.ToString()));
        var denied = Assert.Single(await EventsAsync(), e => e.Event.Resource == "admin:restrict");
        Assert.Equal((AccessOutcome.Denied, "anonymous", "unauthenticated"), (denied.Event.Outcome, denied.Event.Actor, denied.Event.Reason));
    }

    [Fact]
    public async Task Admin_calls_from_behind_a_trusted_proxy_are_recorded_with_the_forwarded_client_pseudonymized()
    {
        await using var host = await AdminApiHost.StartAsync(services: builder =>
            builder.Services.Configure<PrivacyGuardMiddlewareOptions>(o => o.ForwardedHeaders.KnownProxies.Add("127.0.0.1")));
        var member = await host.AddMemberAsync(Email, Name);
        foreach (var key in new[] { null, AdminApiHost.AdminKey })
        {
            using var request = host.Post("privacy/subjects/export", Subject(member.Id), key);
            request.Headers.Add("X-Forwarded-For", "203.0.113.77");
            using var response = await host.Client.SendAsync(request, Ct);
            Assert.Equal(key is null ? HttpStatusCode.Unauthorized : HttpStatusCode.OK, response.StatusCode);
        }

        var events = new List<AccessEvent>();
        await foreach (var recorded in host.Services.GetRequiredService<IAccessLogReader>().QueryAsync(new AccessLogQuery(), Ct))
        {
            if (recorded.Event.Resource == "admin:export")
            {
                events.Add(recorded.Event);
            }
        }

        Assert.Equal([AccessOutcome.Denied, AccessOutcome.Succeeded], events.Select(e => e.Outcome));
        Assert.All(events, e => Assert.Equal("203.0.113.0", e.ClientAddress));
    }

    [Fact]
    public async Task Restrict_lift_object_and_withdraw_take_effect_and_are_recorded_with_the_subject_token()
    {
        var member = await Host.AddMemberAsync(Email, Name);
        var subject = member.Id.ToString();
        var registry = Host.Services.GetRequiredService<IRestrictionRegistry>();

        using (var r = await SendAsync(Host.Post("privacy/subjects/restrict", JsonSerializer.Serialize(new { subjectId = subject, reason = "AccuracyContested" }))))
        {
            Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
        }

        Assert.True(registry.IsRestricted(subject));
        using (var r = await SendAsync(Host.Post("privacy/subjects/lift-restriction", Subject(member.Id))))
        {
            Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
        }

        Assert.False(registry.IsRestricted(subject));
        using (var r = await SendAsync(Host.Post("privacy/subjects/object", JsonSerializer.Serialize(new { subjectId = subject, purpose = "Marketing" }))))
        {
            Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
        }

        Assert.True(registry.HasObjected(subject, ProcessingPurpose.Marketing));
        using (var r = await SendAsync(Host.Post("privacy/subjects/withdraw-objection", JsonSerializer.Serialize(new { subjectId = subject, purpose = "Marketing" }))))
        {
            Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
        }

        Assert.False(registry.HasObjected(subject, ProcessingPurpose.Marketing));
        var token = Host.Services.GetRequiredService<IAccessLog>().TokenizeSubject(subject);
        var admin = (await EventsAsync(token)).Where(e => e.Event.Resource.StartsWith("admin:", StringComparison.Ordinal)).Select(e => (e.Event.Action, e.Event.Outcome, e.Event.Actor)).ToList();
        Assert.Equal(
            [
                (AccessAction.Restrict, AccessOutcome.Succeeded, "api-key:ops"),
                (AccessAction.LiftRestriction, AccessOutcome.Succeeded, "api-key:ops"),
                (AccessAction.RecordObjection, AccessOutcome.Succeeded, "api-key:ops"),
                (AccessAction.WithdrawObjection, AccessOutcome.Succeeded, "api-key:ops"),
            ],
            admin);
    }

    [Fact]
    public async Task Replayed_restrict_lift_and_erase_requests_do_not_act_twice()
    {
        var member = await Host.AddMemberAsync(Email, Name);
        var subject = member.Id.ToString();
        var registry = Host.Services.GetRequiredService<IRestrictionRegistry>();
        var restrict = JsonSerializer.Serialize(new { subjectId = subject, reason = "AccuracyContested" });

        // A replayed restriction is accepted and changes nothing: one stored restriction, its first time kept.
        using (var first = await SendAsync(Host.Post("privacy/subjects/restrict", restrict)))
        {
            Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        }

        var firstRestriction = await StoreRowsAsync("SELECT restricted_at FROM restrictions WHERE subject_id = $s", subject);
        using (var replay = await SendAsync(Host.Post("privacy/subjects/restrict", restrict)))
        {
            Assert.Equal(HttpStatusCode.NoContent, replay.StatusCode);
        }

        Assert.True(registry.IsRestricted(subject));
        Assert.Equal(firstRestriction, await StoreRowsAsync("SELECT restricted_at FROM restrictions WHERE subject_id = $s", subject));
        Assert.Single(firstRestriction);

        // A replayed lift is accepted and leaves the subject unrestricted, with nothing stored.
        for (var i = 0; i < 2; i++)
        {
            using var lift = await SendAsync(Host.Post("privacy/subjects/lift-restriction", Subject(member.Id)));
            Assert.Equal(HttpStatusCode.NoContent, lift.StatusCode);
        }

        Assert.False(registry.IsRestricted(subject));
        Assert.Empty(await StoreRowsAsync("SELECT restricted_at FROM restrictions WHERE subject_id = $s", subject));

        // A replayed erasure finds nothing left to shred or delete and leaves exactly one tombstone.
        using (var erase = await SendAsync(Host.Post("privacy/subjects/erase", Subject(member.Id))))
        {
            Assert.Equal(HttpStatusCode.OK, erase.StatusCode);
            Assert.True((await erase.Content.ReadFromJsonAsync<ErasureResult>(Ct))!.KeyShredded);
        }

        using (var replay = await SendAsync(Host.Post("privacy/subjects/erase", Subject(member.Id))))
        {
            Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
            Assert.Equal(new ErasureResult(KeyShredded: false, Deleted: 0, Anonymized: 0), await replay.Content.ReadFromJsonAsync<ErasureResult>(Ct));
        }

        Assert.Single(await StoreRowsAsync("SELECT subject_id FROM shredded_subjects WHERE subject_id = $s", subject));

        // Every call, replays included, is in the access log: the log records requests; the store records changes.
        var token = Host.Services.GetRequiredService<IAccessLog>().TokenizeSubject(subject);
        var calls = (await EventsAsync(token)).Where(e => e.Event.Resource.StartsWith("admin:", StringComparison.Ordinal)).Select(e => e.Event.Action).ToList();
        Assert.Equal(2, calls.Count(a => a == AccessAction.Restrict));
        Assert.Equal(2, calls.Count(a => a == AccessAction.LiftRestriction));
    }

    private async Task<List<string>> StoreRowsAsync(string sql, string subject)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Host.StoreFile, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$s", subject);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            rows.Add(Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!);
        }

        return rows;
    }

    [Fact]
    public async Task Export_returns_the_portable_json_then_erase_shreds_and_the_export_shows_erased()
    {
        var member = await Host.AddMemberAsync(Email, Name);

        using var exported = await SendAsync(Host.Post("privacy/subjects/export", Subject(member.Id)));
        Assert.Equal(HttpStatusCode.OK, exported.StatusCode);
        var export = SubjectExport.FromJson(await exported.Content.ReadAsStringAsync(Ct));
        Assert.Equal(SubjectExport.CurrentFormat, export.Format);
        Assert.Contains(export.Records.SelectMany(r => r.Fields), f => f.Name == nameof(Member.RealName) && f.Value == Name);

        using var erased = await SendAsync(Host.Post("privacy/subjects/erase", Subject(member.Id)));
        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        var result = await erased.Content.ReadFromJsonAsync<ErasureResult>(Ct);
        Assert.True(result!.KeyShredded);

        using var after = await SendAsync(Host.Post("privacy/subjects/export", Subject(member.Id)));
        var afterExport = SubjectExport.FromJson(await after.Content.ReadAsStringAsync(Ct));
        Assert.True(afterExport.Erased);
        Assert.DoesNotContain(afterExport.Records.SelectMany(r => r.Fields), f => f.Value == Name);
    }

    [Fact]
    public async Task Rectify_changes_the_value_and_an_erased_subject_gets_409()
    {
        var member = await Host.AddMemberAsync(Email, Name);
        var body = JsonSerializer.Serialize(new { subjectId = member.Id.ToString(), entity = nameof(Member), property = nameof(Member.RealName), value = "Jane Smith" });

        using var rectified = await SendAsync(Host.Post("privacy/subjects/rectify", body));
        Assert.Equal(HttpStatusCode.OK, rectified.StatusCode);
        Assert.Equal(1, (await rectified.Content.ReadFromJsonAsync<RectifyResponse>(Ct))!.RowsChanged);
        var export = await Host.Services.GetRequiredService<IDataSubjectRights>().ExportAsync(member.Id.ToString(), Ct);
        Assert.Contains(export.Records.SelectMany(r => r.Fields), f => f.Value == "Jane Smith");

        using (await SendAsync(Host.Post("privacy/subjects/erase", Subject(member.Id))))
        {
        }

        using var conflict = await SendAsync(Host.Post("privacy/subjects/rectify", body));
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Contains(AdminProblemTypes.SubjectErased, await conflict.Content.ReadAsStringAsync(Ct));
    }

    [Theory]
    [InlineData("{\"subjectId\": \"jane.doe@example.com\", ")]
    [InlineData("[\"jane.doe@example.com\"]")]
    [InlineData("{\"subjectId\": \"\"}")]
    [InlineData("{\"subjectId\": \"jane.doe@example.com\", \"reason\": \"BecauseJane\"}")]
    public async Task A_bad_body_gets_400_problem_that_does_not_echo_it(string body)
    {
        using var response = await SendAsync(Host.Post("privacy/subjects/restrict", body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("jane", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_body_that_is_not_json_gets_415()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "privacy/subjects/export") { Content = new StringContent("subjectId=1", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded") };
        request.Headers.Add(PrivacyGuardAdminOptions.ApiKeyHeader, AdminApiHost.AdminKey);

        using var response = await SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Calls_refused_for_their_body_or_parameters_are_recorded_as_failed()
    {
        using var malformed = await SendAsync(Host.Post("privacy/subjects/restrict", "{\"subjectId\": \"jane.doe@example.com\", "));
        using var badReason = await SendAsync(Host.Post("privacy/subjects/restrict", "{\"subjectId\": \"jane.doe@example.com\", \"reason\": \"BecauseJane\"}"));
        using var tooLarge = await SendAsync(Host.Post("privacy/subjects/export", "{\"subjectId\": \"" + new string('j', 70_000) + "\"}"));
        using var badQuery = await SendAsync(Host.Get("privacy/access-log?limit=0"));

        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badReason.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badQuery.StatusCode);
        var failed = (await EventsAsync()).Where(e => e.Event.Outcome == AccessOutcome.Failed).Select(e => e.Event).ToList();
        Assert.Equal(2, failed.Count(e => e is { Resource: "admin:restrict", Action: AccessAction.Restrict, Actor: "api-key:ops", Reason: "invalid-request" }));
        Assert.Single(failed, e => e is { Resource: "admin:export", Action: AccessAction.Export, Reason: "body-too-large" });
        Assert.Single(failed, e => e is { Resource: "admin:access-log-query", Actor: "api-key:audit", Reason: "invalid-request" });
        Assert.Equal(4, failed.Count);
        Assert.All(failed, e => Assert.Null(e.SubjectToken));
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized, AccessOutcome.Denied, "unauthenticated")]
    [InlineData(AdminApiHost.AdminKey, HttpStatusCode.UnsupportedMediaType, AccessOutcome.Failed, "unsupported-media-type")]
    public async Task A_body_that_is_not_json_is_authenticated_first_and_recorded(string? key, HttpStatusCode status, AccessOutcome outcome, string reason)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "privacy/subjects/export") { Content = new StringContent("subjectId=jane.doe%40example.com", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded") };
        if (key is not null)
        {
            request.Headers.Add(PrivacyGuardAdminOptions.ApiKeyHeader, key);
        }

        using var response = await SendAsync(request);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("jane", await response.Content.ReadAsStringAsync(Ct), StringComparison.OrdinalIgnoreCase);
        var recorded = Assert.Single(await EventsAsync(), e => e.Event.Resource == "admin:export");
        Assert.Equal((outcome, reason), (recorded.Event.Outcome, recorded.Event.Reason));
    }

    [Fact]
    public async Task An_auditor_computes_a_subject_token_queries_its_events_and_verifies_the_chain()
    {
        var member = await Host.AddMemberAsync(Email, Name);
        using (await SendAsync(Host.Post("privacy/subjects/export", Subject(member.Id))))
        {
        }

        using var tokenResponse = await SendAsync(Host.Post("privacy/access-log/subject-token", Subject(member.Id), key: AdminApiHost.AuditorKey));
        Assert.Equal(HttpStatusCode.OK, tokenResponse.StatusCode);
        var token = (await tokenResponse.Content.ReadFromJsonAsync<SubjectTokenResponse>(Ct))!.SubjectToken;
        Assert.DoesNotContain(member.Id.ToString(), token);

        using var query = await SendAsync(Host.Get($"privacy/access-log?subjectToken={Uri.EscapeDataString(token)}&outcome=Succeeded"));
        Assert.Equal(HttpStatusCode.OK, query.StatusCode);
        var entries = (await query.Content.ReadFromJsonAsync<List<AccessLogEntry>>(Ct))!;
        Assert.Contains(entries, e => e.Resource == "admin:export" && e.Action == nameof(AccessAction.Export));
        Assert.All(entries, e => Assert.Equal(token, e.SubjectToken));

        using var verify = await SendAsync(Host.Get("privacy/access-log/verify"));
        Assert.Equal(HttpStatusCode.OK, verify.StatusCode);
        var verification = (await verify.Content.ReadFromJsonAsync<AccessLogVerification>(Ct))!;
        Assert.True(verification.IsValid);
        Assert.True(verification.EventsChecked >= 2);
    }

    [Fact]
    public async Task Verify_through_the_api_names_the_first_event_edited_in_the_database()
    {
        var member = await Host.AddMemberAsync(Email, Name);
        for (var i = 0; i < 3; i++)
        {
            using (await SendAsync(Host.Post("privacy/subjects/export", Subject(member.Id))))
            {
            }
        }

        var events = await EventsAsync();
        var victim = events[1];
        await using (var connection = new SqliteConnection($"Data Source={Host.StoreFile};Pooling=False"))
        {
            await connection.OpenAsync(Ct);
            await using var update = connection.CreateCommand();
            update.CommandText = "UPDATE access_events SET actor = 'someone-else' WHERE chain = $c AND sequence = $s";
            update.Parameters.AddWithValue("$c", victim.Chain);
            update.Parameters.AddWithValue("$s", victim.Sequence);
            Assert.Equal(1, await update.ExecuteNonQueryAsync(Ct));
        }

        using var verify = await SendAsync(Host.Get("privacy/access-log/verify"));
        var verification = (await verify.Content.ReadFromJsonAsync<AccessLogVerification>(Ct))!;

        Assert.False(verification.IsValid);
        Assert.Equal(victim.Sequence, verification.FirstBadSequence);
    }

    [Fact]
    public async Task Access_log_query_parameters_are_validated()
    {
        using var badLimit = await SendAsync(Host.Get("privacy/access-log?limit=0"));
        using var badOutcome = await SendAsync(Host.Get("privacy/access-log?outcome=Maybe"));
        using var badTime = await SendAsync(Host.Get("privacy/access-log?from=yesterday"));

        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badOutcome.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badTime.StatusCode);
    }

    [Fact]
    public async Task The_OpenAPI_document_lists_the_operations_and_needs_a_credential()
    {
        using var anonymous = await SendAsync(Host.Get("privacy/openapi/privacyguard-admin.json", key: null));
        using var document = await SendAsync(Host.Get("privacy/openapi/privacyguard-admin.json"));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        using var json = JsonDocument.Parse(await document.Content.ReadAsStringAsync(Ct));
        var paths = json.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/privacy/subjects/erase", paths);
        Assert.Contains("/privacy/subjects/export", paths);
        Assert.Contains("/privacy/access-log/verify", paths);
        Assert.Equal(10, paths.Count);
        var body = json.RootElement.GetProperty("paths").GetProperty("/privacy/subjects/restrict").GetProperty("post").GetProperty("requestBody");
        Assert.True(body.GetProperty("required").GetBoolean());
        Assert.Contains("reason", body.GetProperty("content").GetProperty("application/json").GetProperty("schema").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calls_for_the_OpenAPI_document_are_recorded_refused_or_served_like_every_admin_call()
    {
        using var anonymous = await SendAsync(Host.Get("privacy/openapi/privacyguard-admin.json", key: null));
        using var document = await SendAsync(Host.Get("privacy/openapi/privacyguard-admin.json"));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains(AdminProblemTypes.Unauthenticated, await anonymous.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        var calls = (await EventsAsync()).Where(e => e.Event.Resource == "admin:openapi").Select(e => (e.Event.Action, e.Event.Outcome, e.Event.Actor));
        Assert.Equal([(AccessAction.Audit, AccessOutcome.Denied, "anonymous"), (AccessAction.Audit, AccessOutcome.Succeeded, "api-key:audit")], calls);
    }

    [Fact]
    public async Task No_raw_subject_id_or_personal_value_reaches_the_access_log_tables()
    {
        var member = await Host.AddMemberAsync(Email, Name);
        using (await SendAsync(Host.Post("privacy/subjects/export", Subject(member.Id))))
        {
        }

        using (await SendAsync(Host.Post("privacy/subjects/erase", Subject(member.Id), key: null)))
        {
        }

        await using var connection = new SqliteConnection($"Data Source={Host.StoreFile};Pooling=False");
        await connection.OpenAsync(Ct);
        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT * FROM access_events";
        await using var reader = await select.ExecuteReaderAsync(Ct);
        var rows = 0;
        while (await reader.ReadAsync(Ct))
        {
            rows++;
            for (var i = 0; i < reader.FieldCount; i++)
            {
                var value = reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? "";
                Assert.DoesNotContain(member.Id.ToString(), value, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("jane", value, StringComparison.OrdinalIgnoreCase);
            }
        }

        Assert.True(rows >= 2);
    }
}
