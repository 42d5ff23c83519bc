using Microsoft.Extensions.Options;
using PrivacyGuard.AspNetCore.Forwarding;
using PrivacyGuard.AspNetCore.Subjects;

namespace PrivacyGuard.AspNetCore;

/// <summary>Validates <see cref="PrivacyGuardMiddlewareOptions"/> at start-up; each message names its setting.</summary>
internal sealed class PrivacyGuardMiddlewareOptionsValidator : IValidateOptions<PrivacyGuardMiddlewareOptions>
{
    private const string Section = "PrivacyGuard";

    public ValidateOptionsResult Validate(string? name, PrivacyGuardMiddlewareOptions options)
    {
        var errors = new List<string>();
        var client = options.ClientAddress;
        if (!Enum.IsDefined(client.Treatment))
        {
            errors.Add($"{Section}:ClientAddress:Treatment must be Truncate, PrefixPreserving or Token.");
        }

        if (!ProcessingPurpose.TryCreate(client.Purpose, out _))
        {
            errors.Add($"{Section}:ClientAddress:Purpose must be 1 to 64 characters of A-Z, a-z, 0-9, '-', '_' and '.'.");
        }

        var forwarded = options.ForwardedHeaders;
        for (var i = 0; i < forwarded.KnownProxies.Count; i++)
        {
            if (!TrustedProxies.TryParseProxy(forwarded.KnownProxies[i], out _))
            {
                errors.Add($"{Section}:ForwardedHeaders:KnownProxies[{i}] is not an IP address (IPv4 or IPv6, without port or zone).");
            }
        }

        for (var i = 0; i < forwarded.KnownNetworks.Count; i++)
        {
            if (!TrustedProxies.TryParseNetwork(forwarded.KnownNetworks[i], out _))
            {
                errors.Add($"{Section}:ForwardedHeaders:KnownNetworks[{i}] is not a CIDR network (for example 10.0.0.0/8, without host bits set).");
            }
        }

        if ((forwarded.Headers & ~ForwardedHeaderKinds.All) != 0)
        {
            errors.Add($"{Section}:ForwardedHeaders:Headers must be a combination of Forwarded, XForwardedFor and XRealIp.");
        }

        var subject = options.Subject;
        if (!Enum.IsDefined(subject.Source))
        {
            errors.Add($"{Section}:Subject:Source must be None, Claim, RouteValue or Header.");
        }
        else if (subject.Source != SubjectSource.None && string.IsNullOrWhiteSpace(subject.Name))
        {
            errors.Add($"{Section}:Subject:Name is required when {Section}:Subject:Source is {subject.Source}.");
        }

        if (!ProcessingPurpose.TryCreate(options.DefaultPurpose, out var purpose))
        {
            errors.Add($"{Section}:DefaultPurpose must be 1 to 64 characters of A-Z, a-z, 0-9, '-', '_' and '.'.");
        }
        else if (purpose == ProcessingPurpose.LegalObligation)
        {
            errors.Add($"{Section}:DefaultPurpose cannot be LegalObligation: an endpoint that processes restricted subjects must declare it.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
