using PrivacyGuard.AccessLog;

namespace PrivacyGuard.AspNetCore.Admin;

/// <summary>Endpoint metadata of an admin operation: its name (the access event's resource) and action.</summary>
/// <param name="Name">The operation's name, recorded as <c>admin:{Name}</c>.</param>
/// <param name="Action">The access action it performs.</param>
internal sealed record AdminOperation(string Name, AccessAction Action)
{
    public string Resource => "admin:" + Name;
}
