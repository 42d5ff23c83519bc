using Microsoft.Extensions.Logging;
using PrivacyGuard.AspNetCore.Logging;

namespace PrivacyGuard.AspNetCore.Tests.Logging;

/// <summary>Source-generated log methods whose parameters are classified personal data.</summary>
internal static partial class AccountLog
{
    [LoggerMessage(1, LogLevel.Information, "Sign-in for {Email} from {ClientIp} by {Name} on plan {Plan}")]
    public static partial void SignedIn(
        ILogger logger,
        [PersonalEmail] string email,
        [PersonalIpAddress] string clientIp,
        [PersonalName] string name,
        string plan);

    [LoggerMessage(2, LogLevel.Information, "Customer note {Note}")]
    public static partial void Note(ILogger logger, [PersonalFreeText] string note);
}
