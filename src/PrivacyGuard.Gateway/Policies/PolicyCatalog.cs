using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using PrivacyGuard.Gateway.Edge;
using PrivacyGuard.Json;
using Yarp.ReverseProxy;

namespace PrivacyGuard.Gateway.Policies;

/// <summary>
/// The current, valid set of compiled policies. Loaded at start-up (an invalid configuration stops the gateway with
/// every problem listed) and again whenever the configuration reloads: a reload that fails validation is logged and
/// ignored, so the last good policies stay in force. YARP validates and applies the routes on its own: when it keeps its
/// old routes (a route it cannot parse) after the policies they name were renamed or removed by an accepted reload, those
/// policies stay available to the live routes (retained, as they were last loaded) instead of the routes failing.
/// </summary>
internal sealed partial class PolicyCatalog : IDisposable
{
    private readonly IConfiguration _configuration;
    private readonly IPseudonymizerProvider _pseudonymizers;
    private readonly ILogger<PolicyCatalog> _logger;
    private readonly bool _bearerConfigured;
    private readonly IServiceProvider _services;
    private readonly IDisposable _reloadRegistration;
    private readonly Lock _reloadLock = new();
    private volatile Snapshot _current;
    private int _rejectedReloads;

    public PolicyCatalog(IConfiguration configuration, IPseudonymizerProvider pseudonymizers, ILogger<PolicyCatalog> logger, IOptions<AuthenticationOptions> authentication, IServiceProvider services)
    {
        _configuration = configuration;
        _services = services;
        _pseudonymizers = pseudonymizers;
        _logger = logger;

        // Schemes are registered once, at start-up: a reload can add a claim subject only if the scheme exists already.
        _bearerConfigured = authentication.Value.SchemeMap.ContainsKey(GatewayAuthentication.SchemeName);
        if (!TryBuild(out var snapshot, out var errors))
        {
            throw new GatewayConfigurationException("The gateway's privacy configuration is invalid:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
        }

        _current = snapshot;
        _reloadRegistration = ChangeToken.OnChange(configuration.GetReloadToken, () => Reload());
    }

    /// <summary>How many times a valid configuration has been loaded (1 after start-up).</summary>
    public int Generation => _current.Generation;

    /// <summary>How many reloads were rejected as invalid since start-up.</summary>
    public int RejectedReloads => Volatile.Read(ref _rejectedReloads);

    /// <summary>The policy named <paramref name="name"/>, if defined.</summary>
    public bool TryGet(string name, [NotNullWhen(true)] out GatewayPolicy? policy) => _current.Policies.TryGetValue(name, out policy);

    /// <summary>Whether the last accepted configuration defines <paramref name="name"/> (a retained policy does not count).</summary>
    public bool IsConfigured(string name) => _current.Policies.ContainsKey(name) && !_current.Retained.Contains(name);

    /// <summary>
    /// Re-reads and validates the configuration; swaps it in when valid, otherwise logs the problems and keeps the
    /// last good policies. Returns whether the new configuration was taken.
    /// </summary>
    public bool Reload()
    {
        lock (_reloadLock)
        {
            if (!TryBuild(out var snapshot, out var errors))
            {
                Interlocked.Increment(ref _rejectedReloads);
                LogReloadRejected(_logger, errors.Count, string.Join(" | ", errors));
                return false;
            }

            _current = RetainLiveRoutesPolicies(snapshot) with { Generation = _current.Generation + 1 };
            LogReloaded(_logger, _current.Policies.Count, _current.Generation);
            if (_current.Retained.Count > 0)
            {
                LogRetained(_logger, string.Join(", ", _current.Retained));
            }
            return true;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _reloadRegistration.Dispose();

    private bool TryBuild([NotNullWhen(true)] out Snapshot? snapshot, out List<string> errors)
    {
        snapshot = null;
        var options = new GatewayOptions();
        try
        {
            _configuration.GetSection(GatewayOptions.PoliciesSection).Bind(options.Policies);
        }
        catch (InvalidOperationException ex)
        {
            errors = [$"{GatewayOptions.PoliciesSection} could not be read: {ex.Message}"];
            return false;
        }

        errors = PolicyValidator.Validate(options, RoutePolicies(_configuration), _bearerConfigured);
        if (errors.Count > 0)
        {
            return false;
        }

        var policies = new Dictionary<string, GatewayPolicy>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, policyOptions) in options.Policies)
        {
            try
            {
                policies[name] = Compile(name, policyOptions);
            }
            catch (ArgumentException ex)
            {
                // The JSON rewriter's own limits (for example selector length); its message names the setting, never a value.
                errors.Add($"{GatewayOptions.PoliciesSection}:{name}: the body rules cannot be compiled: {ex.Message}");
            }
        }

        if (errors.Count > 0)
        {
            return false;
        }

        snapshot = new Snapshot(policies, 1, Retained: new HashSet<string>(StringComparer.OrdinalIgnoreCase));
        return true;
    }

    /// <summary>
    /// Adds to <paramref name="next"/> the current policies that YARP's live routes name but the new configuration no
    /// longer defines: the live routes keep their policy until YARP applies routes that no longer name it.
    /// </summary>
    private Snapshot RetainLiveRoutesPolicies(Snapshot next)
    {
        if (_services.GetService<IProxyStateLookup>() is not { } proxy)
        {
            return next;
        }

        Dictionary<string, GatewayPolicy>? policies = null;
        var retained = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var route in proxy.GetRoutes())
        {
            var name = RoutePolicy.NameOf(route.Config);
            if (name is null || next.Policies.ContainsKey(name) || retained.Contains(name) || !_current.Policies.TryGetValue(name, out var live))
            {
                continue;
            }

            policies ??= new Dictionary<string, GatewayPolicy>(next.Policies, StringComparer.OrdinalIgnoreCase);
            policies[name] = live;
            retained.Add(name);
        }

        return policies is null ? next : next with { Policies = policies, Retained = retained };
    }

    private GatewayPolicy Compile(string name, PolicyOptions options)
    {
        var purpose = ProcessingPurpose.Create(options.Purpose);
        var headers = options.Headers.Select(r => new CompiledValueRule(r.Name!, ValueTreatment.Create(r.Category, r.Treatment, purpose, _pseudonymizers))).ToList();
        var query = options.Query.Select(r => new CompiledValueRule(r.Name!, ValueTreatment.Create(r.Category, r.Treatment, purpose, _pseudonymizers))).ToList();
        return new GatewayPolicy(name, options, purpose, headers, query)
        {
            RequestBody = CompileBody(options.RequestBody, options, purpose),
            ResponseBody = CompileBody(options.ResponseBody, options, purpose),
        };
    }

    private JsonRewriter? CompileBody(IList<FieldRuleOptions> rules, PolicyOptions options, ProcessingPurpose purpose)
    {
        if (rules.Count == 0)
        {
            return null;
        }

        var compiled = rules.Select(r => new JsonFieldRule(r.Path!, r.Treatment, r.Category));
        return JsonRewriter.Create(compiled, new JsonRewriterOptions { MaxInputBytes = (int)options.MaxBodyBytes }, _pseudonymizers, purpose);
    }

    /// <summary>The policy each YARP route in the configuration names (route id → policy name).</summary>
    internal static Dictionary<string, string> RoutePolicies(IConfiguration configuration)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var route in configuration.GetSection("ReverseProxy:Routes").GetChildren())
        {
            var policy = route[$"Metadata:{GatewayOptions.PolicyMetadataKey}"];
            if (!string.IsNullOrWhiteSpace(policy))
            {
                result[route.Key] = policy;
            }
        }

        return result;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Privacy policy reload rejected ({ErrorCount} problems); the last good policies stay in force: {Errors}")]
    private static partial void LogReloadRejected(ILogger logger, int errorCount, string errors);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Privacy policies reloaded: {PolicyCount} policies, generation {Generation}")]
    private static partial void LogReloaded(ILogger logger, int policyCount, int generation);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Privacy policies kept for live routes that still name them, though the configuration no longer defines them: {Policies}")]
    private static partial void LogRetained(ILogger logger, string policies);

    private sealed record Snapshot(Dictionary<string, GatewayPolicy> Policies, int Generation, HashSet<string> Retained);
}
