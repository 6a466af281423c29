using Planner.Benchmarks.Results;
using Planner.Cli;

namespace Planner.Benchmarks.IntegrationTests;

public sealed class BenchServeCliTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("planner-serve-").FullName;

    [Fact]
    public void Bench_serve_measures_the_tiny_decoder_under_a_two_point_sweep_and_compares_with_itself()
    {
        var (exitCode, stdout, stderr) = CliProcess.Run("bench", "serve", "--preset", "tiny", "--device", "cpu", "--concurrency", "1,3",
            "--duration", "1", "--input-tokens", "12", "--output-tokens", "6", "--max-batch", "2", "--threads", "1",
            "--ttft-ms", "5000", "--itl-ms", "5000", "--out", _directory);

        Assert.True(exitCode == ExitCodes.Ok, stderr);
        var path = stdout.Trim().Split('\n')[^1].Trim();
        var run = BenchmarkResultsJson.Read(path);
        Assert.Equal("serve", run.Profile);
        Assert.Equal(2, run.Serving!.Count);
        Assert.All(run.Serving, s =>
        {
            Assert.True(s.Metrics.Completed > 0 && s.Metrics.Failed == 0);
            Assert.Equal(6 * s.Metrics.Completed, s.Metrics.OutputTokens);
            Assert.True(s.Metrics.TimeToFirstTokenMs.P50 > 0 && s.Metrics.InterTokenLatencyMs.P50 > 0);
            Assert.Equal(1.0, s.Metrics.Goodput);
            Assert.True(s.StepTimeFit!.DecodeSteps > 0 && s.StepTimeFit.PrefillSteps >= 3);
            Assert.Equal(6, s.Prediction!.Count);
        });
        Assert.Equal([1, 3], run.Serving.Select(s => s.Load.Concurrency ?? 0));
        Assert.Contains("step time: prefill", stdout, StringComparison.Ordinal);
        Assert.Contains("simulator vs measured", stdout, StringComparison.Ordinal);

        var again = Path.Combine(_directory, "again.json");
        BenchmarkResultsJson.Write(run with { RunId = run.RunId + "-b" }, again);
        var (compareExit, table, compareErr) = CliProcess.Run("bench", "compare", path, again);
        Assert.True(compareExit == ExitCodes.Ok, compareErr);
        Assert.Contains("concurrency 3", table, StringComparison.Ordinal);
        Assert.Contains("1.000", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_serve_rejects_bad_load_naming_each_flag()
    {
        var (exitCode, _, stderr) = CliProcess.Run("bench", "serve", "--rate", "2", "--concurrency", "4", "--input-tokens", "250",
            "--output-tokens", "16", "--duration", "-1", "--max-batch", "0", "--ttft-ms", "100", "--out", _directory);

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains("--rate / --concurrency: give exactly one of them.", stderr, StringComparison.Ordinal);
        Assert.Contains("--duration: must be greater than 0 and at most 3600 seconds, got -1.", stderr, StringComparison.Ordinal);
        Assert.Contains("--ttft-ms / --itl-ms: give both targets or neither.", stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_directory));
    }

    [Fact]
    public void Bench_serve_rejects_prompt_and_output_longer_than_the_decoder_positions()
    {
        var (exitCode, _, stderr) = CliProcess.Run("bench", "serve", "--rate", "2", "--input-tokens", "250", "--output-tokens", "16",
            "--max-batch", "0", "--out", _directory);

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains("--input-tokens + --output-tokens: must be at most 256 (the tiny decoder's positions), got 266.", stderr, StringComparison.Ordinal);
        Assert.Contains("--max-batch: must be between 1 and 1024, got 0.", stderr, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
