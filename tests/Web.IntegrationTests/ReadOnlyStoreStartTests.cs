using System.Diagnostics;

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
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Planner.Web.dll"));
        start.Environment["PLANNER_DB"] = $"Data Source={database};Mode=ReadOnly";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        await stdout;

        Assert.Equal(3, process.ExitCode);
        var line = Assert.Single((await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith($"Planner cannot start: the store {database} (PLANNER_DB) cannot be used: SQLite Error 8: 'attempt to write a readonly database'.", line, StringComparison.Ordinal);
    }
}
