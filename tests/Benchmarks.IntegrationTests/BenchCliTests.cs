using Microsoft.ML.OnnxRuntime;
using Planner.Benchmarks.Results;
using Planner.Cli;

namespace Planner.Benchmarks.IntegrationTests;

public class BenchCliTests(SmokeRunFixture smoke) : IClassFixture<SmokeRunFixture>
{
    [Fact]
    public void Smoke_profile_runs_end_to_end_and_writes_valid_results_with_inference_and_training()
    {
        Assert.True(smoke.ExitCode == ExitCodes.Ok, smoke.StdErr);
        Assert.StartsWith(smoke.Directory, smoke.ResultsPath, StringComparison.Ordinal);

        var run = smoke.Read();

        Assert.False(run.Partial);
        Assert.Equal("smoke", run.Profile);
        Assert.Equal("cpu", run.Settings.Provider);
        Assert.Contains(run.Results, r => r.Task == BenchmarkResult.Inference && r.Model == "mlp" && r.Precision == "int8");
        Assert.Contains(run.Results, r => r is { Task: BenchmarkResult.Training, Model: "mlp" } && r.AchievedGflops > 0 && r.Loss is not null);
        Assert.Contains(run.Results, r => r is { Task: BenchmarkResult.Training, Throughput.Unit: "rows/s" } && r.Auc > 0.5 && r.TimeToTargetNote is not null);
        Assert.Contains(run.Results, r => r.Phase == BenchmarkResult.Prefill && r.Throughput.Unit == "tokens/s");
        Assert.Contains(run.Results, r => r.Phase == BenchmarkResult.Decode && r.ContextLength == 33);
        // At least one measured iteration each; how many fit in the time limit depends on the machine's load.
        Assert.All(run.Results, r => Assert.True(r.Iterations >= 1 && r.Throughput.Value > 0));
        Assert.All(run.Results, r => Assert.True(r.EnergyJoulesPer1k is not null || r.EnergyNote is not null));
        Assert.NotNull(run.Calibration.MemoryBandwidthGbPerSecond);
        Assert.False(string.IsNullOrEmpty(run.Fingerprint.FingerprintId));
        Assert.Contains("mlp", smoke.StdOut, StringComparison.Ordinal);
        var serving = Assert.Single(run.Serving!);
        Assert.True(serving.Metrics.Completed > 0 && serving.StepTimeFit is not null, "the smoke profile's serving point completed requests and fitted step times");
    }

    [Fact]
    public void Compare_of_two_results_files_reports_ratio_and_noise()
    {
        var run = smoke.Read();
        var faster = run with
        {
            RunId = run.RunId + "-b",
            Results = run.Results.Select(r => r with { Throughput = r.Throughput with { Value = r.Throughput.Value * 2 } }).ToList(),
        };
        var pathB = Path.Combine(smoke.Directory, "b.json");
        BenchmarkResultsJson.Write(faster, pathB);

        var (exitCode, stdout, stderr) = CliProcess.Run("bench", "compare", smoke.ResultsPath, pathB, "--format", "json");
        var (tableExit, table, _) = CliProcess.Run("bench", "compare", smoke.ResultsPath, pathB);

        Assert.True(exitCode == ExitCodes.Ok, stderr);
        var comparison = System.Text.Json.JsonSerializer.Deserialize<RunComparison>(stdout, BenchmarkResultsJson.SerializerOptions)!;
        Assert.Equal(run.Results.Count, comparison.Matched.Count);
        Assert.All(comparison.Matched, m => Assert.Equal(2.0, m.Ratio, 9));
        Assert.Equal(ExitCodes.Ok, tableExit);
        Assert.Contains("2.000", table, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_stores_its_latencies_and_compare_gives_each_result_a_95_percent_interval()
    {
        var run = smoke.Read();
        var slower = run with
        {
            RunId = run.RunId + "-slow",
            Results = run.Results.Select(r => r with
            {
                Throughput = r.Throughput with { Value = r.Throughput.Value / 3 },
                LatencySamplesMs = r.LatencySamplesMs!.Select(ms => ms * 3).ToArray(),
            }).ToList(),
        };
        var pathB = Path.Combine(smoke.Directory, "slow.json");
        BenchmarkResultsJson.Write(slower, pathB);

        var (exitCode, stdout, stderr) = CliProcess.Run("bench", "compare", smoke.ResultsPath, pathB, "--format", "json");
        var (_, table, _) = CliProcess.Run("bench", "compare", smoke.ResultsPath, pathB);

        Assert.Equal(BenchmarkRun.CurrentSchemaVersion, run.SchemaVersion);
        Assert.All(run.Results, r => Assert.Equal(Math.Min(r.Iterations, Planner.CostModel.Limits.LatencySamplesPerResult), r.LatencySamplesMs!.Count));
        Assert.True(exitCode == ExitCodes.Ok, stderr);
        var comparison = System.Text.Json.JsonSerializer.Deserialize<RunComparison>(stdout, BenchmarkResultsJson.SerializerOptions)!;
        Assert.All(comparison.Matched.Where(m => m.BothValid), m =>
        {
            Assert.Equal(ThroughputSpread.FromSamples, m.SpreadA.Source);
            Assert.True(m.RatioLow < 1.0 / 3 && m.RatioHigh > 1.0 / 3, $"{m.Key}: {m.RatioLow}-{m.RatioHigh}");
            // With 2 or 3 iterations (ML.NET fits) even a 3x change can be within the interval; with 10 it cannot at maxCv.
            if (m.SpreadA.Count >= 10)
            {
                Assert.True(m.Verdict == ResultComparer.Slower, $"{m.Key}: {m.Verdict}, {m.RatioLow}-{m.RatioHigh}, n {m.SpreadA.Count}, s {m.SpreadA.LogStdDev}");
            }
        });
        Assert.Contains("95% interval", table, StringComparison.Ordinal);
        if (comparison.Matched.Any(m => m.BothValid))
        {
            Assert.Contains("slower", table, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Invalid_profile_exits_2_naming_the_field()
    {
        var path = Path.Combine(smoke.Directory, "bad-profile.json");
        File.WriteAllText(path, """{"name":"bad","inference":[{"model":"mlp","batchSizes":[1,-4]}]}""");

        var (exitCode, _, stderr) = CliProcess.Run("bench", "run", "--profile", path, "--out", smoke.Directory);

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains("inference[0].batchSizes[1]: must be between 1 and 65536, got -4.", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Device_cuda_exits_2_saying_why_cuda_is_unavailable()
    {
        var (exitCode, _, stderr) = CliProcess.Run("bench", "run", "--profile", "smoke", "--device", "cuda", "--out", smoke.Directory);

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains("--device cuda: CUDA is unavailable: the loaded ONNX Runtime has no CUDAExecutionProvider", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_writes_a_model_onnx_runtime_loads()
    {
        var path = Path.Combine(smoke.Directory, "encoder.onnx");

        var (exitCode, stdout, stderr) = CliProcess.Run("bench", "export", "transformer-encoder", "--preset", "tiny", "--precision", "int8", "--out", path);

        Assert.True(exitCode == ExitCodes.Ok, stderr);
        Assert.Contains("input_ids", stdout, StringComparison.Ordinal);
        using var session = new InferenceSession(path);
        Assert.Equal(["input_ids"], session.InputMetadata.Keys);
        Assert.Equal(["logits"], session.OutputMetadata.Keys);
    }

    [Fact]
    public void List_shows_models_and_profiles()
    {
        var (exitCode, stdout, _) = CliProcess.Run("bench", "list");

        Assert.Equal(ExitCodes.Ok, exitCode);
        foreach (var name in new[] { "mlp", "lenet5", "resnet", "lstm-classifier", "text-classifier", "transformer-encoder", "gpt-decoder", "smoke", "quick", "standard", "llm", "training" })
        {
            Assert.Contains(name, stdout, StringComparison.Ordinal);
        }
    }
}
