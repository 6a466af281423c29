using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Planner.Tests;

namespace Planner.Cli.IntegrationTests;

/// <summary>
/// <c>planner bench run --push URL</c> end to end: the real CLI runs a small profile and uploads its results file to
/// the real web app (a process on a loopback port, its store requiring sign-in since an account exists), with the
/// token taken from PLANNER_TOKEN (docs/security.md).
/// </summary>
public sealed class BenchPushServerTests : IAsyncLifetime
{
    private const string Password = "a long enough password";

    private readonly string _folder = Directory.CreateTempSubdirectory("planner-push-server-").FullName;
    private WebAppProcess? _app;
    private string _token = "";

    private string Database => Path.Combine(_folder, "planner.db");

    private WebAppProcess App => _app ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        var store = new Dictionary<string, string> { ["PLANNER_DB"] = Database, ["PLANNER_PASSWORD"] = Password };
        var added = await PlannerProcess.RunAsync(["user", "add", "--name", "agent", "--role", "editor"], store, _folder);
        Assert.True(added.ExitCode == 0, added.ToString());
        var created = await PlannerProcess.RunAsync(["token", "create", "--user", "agent", "--scope", "write", "--label", "gpu box"], store, _folder);
        Assert.True(created.ExitCode == 0, created.ToString());
        _token = created.Stdout.Trim();
        _app = await WebAppProcess.StartAsync(new Dictionary<string, string> { ["PLANNER_DB"] = Database });
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_run_pushed_with_a_write_token_is_stored_by_the_server_and_without_one_is_refused_in_plain_lines_and_kept()
    {
        var profile = Path.Combine(_folder, "push.json");
        await File.WriteAllTextAsync(profile, """
            {
              "name": "push-test", "device": "cpu",
              "measurement": { "warmupIterations": 1, "minIterations": 5, "minDurationSeconds": 0.05, "maxDurationSeconds": 1, "maxIterations": 10000, "maxCv": 100 },
              "bandwidthProbeMegabytes": 8,
              "inference": [ { "model": "mlp", "preset": "mnist", "precisions": ["fp32"], "batchSizes": [1] } ]
            }
            """);
        Task<PlannerResult> Push(string outFolder, string token) => PlannerProcess.RunAsync(
            ["bench", "run", "--profile", profile, "--device", "cpu", "--out", outFolder, "--push", App.BaseUrl],
            new Dictionary<string, string> { ["PLANNER_TOKEN"] = token }, _folder);

        // Without a token the server answers 401: the CLI says so and what to set, and keeps the file it wrote.
        var refused = await Push(Path.Combine(_folder, "refused"), "");
        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Contains(refused.ErrorLines, l => l == $"--push: {App.BaseUrl}/api/benchmarks/runs answered 401; the results file is kept locally");
        Assert.Contains(refused.ErrorLines, l => l.StartsWith("PLANNER_TOKEN must hold a write token of an editor or admin", StringComparison.Ordinal));
        Assert.Single(Directory.GetFiles(Path.Combine(_folder, "refused"), "*.json"));

        var pushed = await Push(Path.Combine(_folder, "pushed"), _token);
        Assert.True(pushed.ExitCode == 0, pushed.ToString());
        Assert.Contains($"Uploaded to {App.BaseUrl}/api/benchmarks/runs (201).", pushed.ErrorLines);
        var file = Assert.Single(Directory.GetFiles(Path.Combine(_folder, "pushed"), "*.json"));
        var runId = JsonDocument.Parse(await File.ReadAllTextAsync(file)).RootElement.GetProperty("runId").GetString();

        // The server stored that run, imported by the token's user, and its access log names the user.
        using var http = new HttpClient { BaseAddress = new Uri(App.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        using var runs = JsonDocument.Parse(await http.GetStringAsync("/api/benchmarks/runs"));
        var stored = Assert.Single(runs.RootElement.EnumerateArray());
        Assert.Equal(runId, stored.GetProperty("runId").GetString());
        Assert.Equal("agent", stored.GetProperty("importedBy").GetString());
        Assert.Equal(1, stored.GetProperty("results").GetInt32());
        Assert.Contains(App.Log.Split('\n'), l => l.Contains("POST /api/benchmarks/runs 201", StringComparison.Ordinal) && l.Contains("user=agent", StringComparison.Ordinal));
    }
}
