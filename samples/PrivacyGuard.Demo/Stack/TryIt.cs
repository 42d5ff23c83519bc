namespace PrivacyGuard.Demo.Stack;

/// <summary>What the demo prints once both hosts are up: addresses, the development admin key, and curl commands to try.</summary>
internal static class TryIt
{
    public static void Write(TextWriter output, DemoStack stack)
    {
        var gateway = stack.GatewayAddress;
        var service = stack.ServiceAddress;
        var key = stack.AdminApiKey;
        output.WriteLine($$$"""
            PrivacyGuard demo
              gateway          {{{gateway}}}    (YARP with the policies signup, profile, marketing, vendor)
              account service  {{{service}}}    (minimal API + EF Core on SQLite, PrivacyGuard middleware, admin API under /privacy)
              data             privacy store, accounts.db and the development key file in the data folder (.data/)
              admin API key    {{{key}}}
                               (development only, new on every start; header X-PrivacyGuard-Key)

            Try it (replace ID with the id the sign-up returns):
              curl -s -X POST {{{gateway}}}accounts -H 'Content-Type: application/json' -d '{"realName":"Jane Doe","userName":"janed","email":"jane.doe@example.com","marketingOptIn":true,"settings":{"theme":"dark"}}'
              curl -s {{{gateway}}}accounts/ID                      # name and settings decrypted; e-mail, user name as tokens
              curl -s -X PUT {{{gateway}}}accounts/ID -H 'Content-Type: application/json' -d '{"realName":"Jane Smith"}'
              curl -s {{{gateway}}}marketing/mailing-list           # purpose Marketing
              curl -s {{{gateway}}}vendor/accounts                  # de-identified: re-keyed tokens, no names, no e-mails
              curl -s -X POST {{{service}}}privacy/subjects/object -H 'X-PrivacyGuard-Key: {{{key}}}' -H 'Content-Type: application/json' -d '{"subjectId":"ID","purpose":"Marketing"}'
              curl -s {{{gateway}}}marketing/mailing-list           # Jane is left out now
              curl -s {{{service}}}privacy/access-log -H 'X-PrivacyGuard-Key: {{{key}}}'
              sqlite3 .data/accounts.db 'SELECT * FROM Accounts'  # tokens and ciphertext only

            The whole story, request by request: samples/walkthrough.http (set @gateway, @service and @adminKey to the above).
            Scripted and checked step by step: dotnet run --project samples/PrivacyGuard.Demo -- --walkthrough

            Ctrl+C stops both.
            """);
    }
}
