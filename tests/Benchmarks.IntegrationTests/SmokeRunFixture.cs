using Planner.Benchmarks.Results;

namespace Planner.Benchmarks.IntegrationTests;

/// <summary>Runs `planner bench run --profile smoke --device cpu` once for the CLI tests.</summary>
public sealed class SmokeRunFixture : IDisposable
{
    public SmokeRunFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), "planner-bench-" + Guid.NewGuid().ToString("N"));
        (ExitCode, StdOut, StdErr) = CliProcess.Run("bench", "run", "--profile", "smoke", "--device", "cpu", "--out", Directory);
        ResultsPath = StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
    }

    public string Directory { get; }

    public int ExitCode { get; }

    public string StdOut { get; }

    public string StdErr { get; }

    public string ResultsPath { get; }

    public BenchmarkRun Read() => BenchmarkResultsJson.Read(ResultsPath);

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
