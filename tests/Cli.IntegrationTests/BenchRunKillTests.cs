using System.Diagnostics;
using Planner.Benchmarks.Results;

namespace Planner.Cli.IntegrationTests;

public sealed class BenchRunKillTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "planner-kill-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_bench_run_killed_outright_keeps_every_result_it_finished_in_a_readable_partial_file()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = PlannerProcess.RepositoryRoot,
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "planner.dll"), "bench", "run", "--profile", "smoke", "--device", "cpu", "--out", _folder })
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();

        BenchmarkRun? checkpoint = null;
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (checkpoint is not { Results.Count: > 0 } && DateTime.UtcNow < deadline && !process.HasExited)
        {
            await Task.Delay(100);
            checkpoint = Directory.Exists(_folder) && Directory.EnumerateFiles(_folder, "*.json").FirstOrDefault() is { } file
                ? BenchmarkResultsJson.Read(file)
                : null;
        }
        Assert.False(process.HasExited, "the run ended before a result was checkpointed");
        process.Kill(entireProcessTree: true); // SIGKILL: no handler runs
        await process.WaitForExitAsync();

        var kept = BenchmarkResultsJson.Read(Assert.Single(Directory.EnumerateFiles(_folder, "*.json")));
        Assert.True(kept.Partial);
        Assert.NotEmpty(kept.Results);
        Assert.True(kept.Results.Count >= checkpoint!.Results.Count);
        Assert.Equal(checkpoint.RunId, kept.RunId);
    }
}
