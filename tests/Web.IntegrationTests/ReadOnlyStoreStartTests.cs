namespace Planner.Web.IntegrationTests;

/// <summary>The server on a store it cannot write says plainly why it cannot start, with exit code 3 (issue 17).</summary>
public sealed class ReadOnlyStoreStartTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("planner-ro-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task The_server_on_a_read_only_store_exits_3_with_one_plain_line()
    {
        var database = Path.Combine(_folder, "planner.db");
        await File.WriteAllBytesAsync(database, []);

        var (exitCode, _, stderr) = await ServerProcess.RunToExitAsync(new Dictionary<string, string>
        {
            ["PLANNER_DB"] = $"Data Source={database};Mode=ReadOnly",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
        });

        Assert.Equal(3, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith($"Planner cannot start: the store {database} (PLANNER_DB) cannot be used: SQLite Error 8: 'attempt to write a readonly database'.", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_server_bound_off_loopback_with_no_admin_account_refuses_to_start_saying_how_to_make_one()
    {
        var (exitCode, _, stderr) = await ServerProcess.RunToExitAsync(new Dictionary<string, string>
        {
            ["PLANNER_DB"] = Path.Combine(_folder, "planner.db"),
            ["ASPNETCORE_URLS"] = "http://0.0.0.0:0",
        });

        Assert.Equal(1, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("Planner listens on a non-loopback address, so sign-in is required, but the store has no admin account.", line, StringComparison.Ordinal);
        Assert.Contains("planner user add --role admin", line, StringComparison.Ordinal);
    }
}
