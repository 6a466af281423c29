using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Planner.Data.IntegrationTests;

/// <summary>
/// A throwaway PostgreSQL server for one test class: <c>initdb</c> in a temporary folder, started by <c>pg_ctl</c>
/// listening only on a Unix socket in that folder (no TCP port), stopped and deleted when the class is done. Each test
/// gets its own empty database (<see cref="CreateDatabaseAsync"/>). Runs the server binaries found by
/// <see cref="PostgresBinaries"/>; under root (which PostgreSQL refuses) as the <c>postgres</c> account, through runuser.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    /// <summary>The superuser initdb creates (trust authentication on the private socket only).</summary>
    private const string Superuser = "planner";

    /// <summary>The socket's port number: it only names the socket file (.s.PGSQL.N), so any fixed number works.</summary>
    private const int SocketPort = 5432;

    private string? _folder;
    private int _databases;

    private string Folder => _folder ?? throw new InvalidOperationException("the server is not started");

    private string DataFolder => Path.Combine(Folder, "data");

    /// <summary>A connection string to <paramref name="database"/> on this server.</summary>
    public string ConnectionString(string database) =>
        $"Host={Folder};Port={SocketPort};Username={Superuser};Database={database};Pooling=true";

    public async Task InitializeAsync()
    {
        if (PostgresBinaries.Unavailable is not null)
        {
            return; // every test of the class is skipped with the reason (PostgresFactAttribute)
        }
        _folder = Directory.CreateTempSubdirectory("planner-pg-").FullName;
        if (PostgresBinaries.RunAs is { } account)
        {
            await RunAsync("chown", ["-R", $"{account}:{account}", Folder], asServer: false);
        }
        await RunAsync(PostgresBinaries.Tool("initdb"),
            ["-D", DataFolder, "-U", Superuser, "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions"]);
        // fsync off: a throwaway server; what is tested is what the store asks of the database, not its durability.
        var options = $"-k {Folder} -p {SocketPort} -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
        await RunAsync(PostgresBinaries.Tool("pg_ctl"), ["-D", DataFolder, "-l", Path.Combine(Folder, "server.log"), "-o", options, "-w", "-t", "120", "start"]);
    }

    /// <summary>A new, empty database on the server; its name is returned.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "planner_test_" + Interlocked.Increment(ref _databases).ToString(CultureInfo.InvariantCulture);
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return name;
    }

    /// <summary>Runs <paramref name="sql"/> on <paramref name="database"/> (set-up the store itself would never do).</summary>
    public async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        if (_folder is null)
        {
            return;
        }
        NpgsqlConnection.ClearAllPools();
        try
        {
            await RunAsync(PostgresBinaries.Tool("pg_ctl"), ["-D", DataFolder, "-m", "immediate", "-w", "stop"]);
        }
        finally
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private Task RunAsync(string tool, IReadOnlyList<string> arguments) => RunAsync(tool, arguments, asServer: true);

    private async Task RunAsync(string tool, IReadOnlyList<string> arguments, bool asServer)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asServer && PostgresBinaries.RunAs is { } account)
        {
            start.FileName = "runuser";
            foreach (var part in (string[])["-u", account, "--", tool])
            {
                start.ArgumentList.Add(part);
            }
        }
        else
        {
            start.FileName = tool;
        }
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {tool}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            var log = _folder is not null && File.Exists(Path.Combine(_folder, "server.log")) ? await File.ReadAllTextAsync(Path.Combine(_folder, "server.log")) : "";
            throw new InvalidOperationException(
                $"{Path.GetFileName(tool)} {string.Join(' ', arguments)} exited {process.ExitCode}: {await output}{await error}{log}");
        }
    }
}

/// <summary>Where the PostgreSQL server binaries are, and why the PostgreSQL tests cannot run when they are not found.</summary>
public static class PostgresBinaries
{
    /// <summary>The folder holding initdb, pg_ctl and postgres, or null.</summary>
    public static string? Folder { get; } = Find();

    /// <summary>
    /// The account the server runs as when the tests run as root (PostgreSQL refuses to run as root): Debian's
    /// <c>postgres</c>, made by its postgresql package. Null when the tests are not root.
    /// </summary>
    public static string? RunAs { get; } = Environment.IsPrivilegedProcess ? "postgres" : null;

    /// <summary>Why the PostgreSQL tests are skipped here, or null when they run.</summary>
    public static string? Unavailable { get; } = Folder is null
        ? "PostgreSQL server binaries (initdb, pg_ctl, postgres) were not found on PATH, in /usr/local/bin or in "
            + "/usr/lib/postgresql/*/bin; install Debian's postgresql package (scripts/test.sh does: scripts/lib/prereqs.sh) "
            + "or set PLANNER_PG_BIN to their folder"
        : RunAs is not null && !AccountExists(RunAs)
            ? $"the tests run as root, which PostgreSQL refuses, and there is no '{RunAs}' account to run the server as "
                + "(Debian's postgresql package creates it)"
            : null;

    public static string Tool(string name) => Path.Combine(Folder!, name);

    private static string? Find()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("PLANNER_PG_BIN") is { Length: > 0 } configured)
        {
            candidates.Add(configured);
        }
        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries));
        candidates.Add("/usr/local/bin");
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            // Debian keeps each major version's server in its own folder, off PATH; the newest first.
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var major) ? major : 0)
                .Select(d => Path.Combine(d, "bin")));
        }
        return candidates.FirstOrDefault(folder => ((string[])["initdb", "pg_ctl", "postgres"]).All(tool => File.Exists(Path.Combine(folder, tool))));
    }

    private static bool AccountExists(string name) =>
        File.Exists("/etc/passwd") && File.ReadLines("/etc/passwd").Any(line => line.StartsWith(name + ":", StringComparison.Ordinal));
}

/// <summary>A test that needs a real PostgreSQL server: skipped, with the reason, where the server binaries are missing.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresBinaries.Unavailable is { } reason)
        {
            Skip = reason;
        }
    }
}
