namespace PrivacyGuard.Demo.Stack;

/// <summary>Where the demo stack listens and keeps its files.</summary>
internal sealed class DemoStackOptions
{
    /// <summary>The gateway's preferred port on 127.0.0.1 (0: ephemeral); a taken port falls back to an ephemeral one.</summary>
    public int GatewayPort { get; set; } = 5080;

    /// <summary>The account service's preferred port on 127.0.0.1 (0: ephemeral); a taken port falls back to an ephemeral one.</summary>
    public int ServicePort { get; set; } = 5081;

    /// <summary>The folder of the privacy store, the application database and the development key file.</summary>
    public string DataDirectory { get; set; } = ".data";

    /// <summary>The development API key of the admin API (generated when not set).</summary>
    public string? AdminApiKey { get; set; }

    /// <summary>Demo only: record what the account service receives (see <see cref="UpstreamRecorder"/>).</summary>
    public bool RecordUpstream { get; set; }

    /// <summary>Further settings for both hosts, applied last (tests use them for their own keys).</summary>
    public IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();
}
