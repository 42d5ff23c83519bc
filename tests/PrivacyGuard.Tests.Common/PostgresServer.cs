using System.Globalization;
using Npgsql;
using Xunit;

namespace PrivacyGuard.Tests;

/// <summary>
/// A throwaway PostgreSQL server for the test run, started the way Testcontainers would start a container:
/// <c>initdb</c> into a temporary folder, <c>pg_ctl start</c> on a free loopback port (as the <c>postgres</c>
/// user through <c>runuser</c> when the tests run as root), stopped and deleted when the run ends.
/// </summary>
/// <remarks>
/// Binaries are looked up in <c>PG_BIN</c> when it is set (and only there), else in Debian's
/// <c>/usr/lib/postgresql/&lt;version&gt;/bin</c> (newest first), then on PATH. <c>PRIVACYGUARD_TEST_POSTGRES</c> (a connection string) uses an existing server instead.
/// When no server can be had, <see cref="EnsureAvailable"/> fails the test if <c>CI</c> is set and skips it,
/// with the reason, otherwise.
/// </remarks>
public sealed class PostgresServer : IAsyncLifetime
{
    private const string SuperUser = "postgres";
    private string? _root;
    private string? _binDirectory;
    private bool _asPostgresUser;
    private int _databaseCounter;

    /// <summary>Connection string of the server's <c>postgres</c> database, once started.</summary>
    public string? ConnectionString { get; private set; }

    /// <summary>Why the server is not available, or null when it is.</summary>
    public string? UnavailableReason { get; private set; }

    /// <summary>True when the CI environment variable asks for failures instead of skips.</summary>
    public static bool IsCi => Environment.GetEnvironmentVariable("CI") is { Length: > 0 } ci &&
        !string.Equals(ci, "false", StringComparison.OrdinalIgnoreCase) && ci != "0";

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable("PRIVACYGUARD_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(external))
        {
            ConnectionString = external;
            return;
        }

        _binDirectory = FindBinDirectory();
        if (_binDirectory is null)
        {
            UnavailableReason = "PostgreSQL server binaries (initdb, pg_ctl) were not found in PG_BIN, /usr/lib/postgresql/*/bin or PATH. Install Debian's postgresql package (apt-get install postgresql) or set PG_BIN.";
            return;
        }

        _asPostgresUser = Environment.UserName == "root";
        Exception? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                await StartAsync().ConfigureAwait(false);
                AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAsync().AsTask().GetAwaiter().GetResult();
                return;
            }
            catch (InvalidOperationException e)
            {
                last = e;
                await StopAsync().ConfigureAwait(false);
            }
        }

        UnavailableReason = "The throwaway PostgreSQL server did not start: " + last?.Message;
    }

    /// <summary>Fails (under CI) or skips (elsewhere) the calling test when no server is available.</summary>
    public void EnsureAvailable()
    {
        if (UnavailableReason is null)
        {
            return;
        }

        if (IsCi)
        {
            Assert.Fail("PostgreSQL tests must run in CI. " + UnavailableReason);
        }

        Assert.Skip(UnavailableReason);
    }

    /// <summary>Creates an empty database for one test class and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "test")
    {
        EnsureAvailable();
        var name = $"{prefix.ToLowerInvariant()}_{Interlocked.Increment(ref _databaseCounter)}_{Guid.NewGuid():N}";
        name = name[..Math.Min(name.Length, 63)];
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => StopAsync();

    private async Task StartAsync()
    {
        _root = Path.Combine(Path.GetTempPath(), "privacyguard-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_root);
        var data = Path.Combine(_root, "data");
        if (_asPostgresUser)
        {
            await RunAsync("chown", [SuperUser + ":", _root], asPostgres: false).ConfigureAwait(false);
        }

        await RunAsync(Path.Combine(_binDirectory!, "initdb"), ["-D", data, "-U", SuperUser, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"], _asPostgresUser).ConfigureAwait(false);
        var port = LoopbackPorts.Free();
        var options = string.Create(CultureInfo.InvariantCulture, $"-p {port} -h 127.0.0.1 -k {_root} -F -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200");
        await RunAsync(Path.Combine(_binDirectory!, "pg_ctl"), ["-D", data, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60", "-o", options, "start"], _asPostgresUser).ConfigureAwait(false);
        ConnectionString = $"Host=127.0.0.1;Port={port.ToString(CultureInfo.InvariantCulture)};Username={SuperUser};Database=postgres;Pooling=true;Timeout=15";
    }

    private async ValueTask StopAsync()
    {
        var root = Interlocked.Exchange(ref _root, null);
        if (root is null)
        {
            return;
        }

        var data = Path.Combine(root, "data");
        if (Directory.Exists(data) && _binDirectory is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await ProcessRunner.RunAsync(_asPostgresUser ? "runuser" : Path.Combine(_binDirectory, "pg_ctl"),
                _asPostgresUser ? ["-u", SuperUser, "--", Path.Combine(_binDirectory, "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop"] : ["-D", data, "-m", "immediate", "-w", "stop"],
                TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }

        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind is harmless.
        }
    }

    private static async Task RunAsync(string file, string[] arguments, bool asPostgres)
    {
        var (exitCode, output) = asPostgres
            ? await ProcessRunner.RunAsync("runuser", ["-u", SuperUser, "--", file, .. arguments], TimeSpan.FromSeconds(90)).ConfigureAwait(false)
            : await ProcessRunner.RunAsync(file, arguments, TimeSpan.FromSeconds(90)).ConfigureAwait(false);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} exited with {exitCode}: {output}");
        }
    }

    private static string? FindBinDirectory()
    {
        // PG_BIN, when set, is the only place looked at, so a wrong value is reported rather than worked around.
        if (Environment.GetEnvironmentVariable("PG_BIN") is { Length: > 0 } pgBin)
        {
            return File.Exists(Path.Combine(pgBin, "initdb")) && File.Exists(Path.Combine(pgBin, "pg_ctl")) ? pgBin : null;
        }

        var candidates = new List<string>();

        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin")));
        }

        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
    }
}
