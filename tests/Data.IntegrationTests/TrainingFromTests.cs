using Planner.Benchmarks.Results;
using Planner.CostModel;
using Planner.CostModel.Inputs;

namespace Planner.Data.IntegrationTests;

/// <summary>trainingFrom resolved against a real store: a GPU training run's time to target becomes the option's retraining GPU-hours.</summary>
public sealed class TrainingFromTests : IAsyncLifetime
{
    private const string RunId = "20260110-120000-7a1a1a1a";
    private readonly TempStore _temp = new();

    public Task InitializeAsync() => _temp.InitializeAsync();

    public Task DisposeAsync() => _temp.DisposeAsync();

    /// <summary>An H100 run with the ONNX Runtime classifier trained on CUDA and an ML.NET trainer, which trains on the CPU.</summary>
    private static BenchmarkRun TrainingRun()
    {
        var run = BenchmarkFiles.GpuRun(RunId);
        BenchmarkResult Training(string model, int batch, string provider, double? seconds) =>
            BenchmarkFiles.Result(model, "quality-control", batch, 50_000) with
            {
                Task = BenchmarkResult.Training,
                Provider = provider,
                Rows = 160_000,
                Auc = 0.91,
                TargetAuc = 0.9,
                TimeToTargetSeconds = seconds,
                TimeToTargetNote = seconds is null ? "target AUC 0.9 not reached: best 0.88 in 20 epoch(s) of 160000 training rows" : "reached",
            };
        return run with
        {
            Results = [.. run.Results, Training("mlp", 64, "cuda", 90), Training("lightgbm", 160_000, "cpu", 12), Training("mlp", 256, "cuda", null)],
        };
    }

    private static string Scenario(string trainingFrom, string typed = "") => ScenarioResolverTests.Scenario(
        $$"""{ "id": "cloud", "kind": "cloud", "cloudOffer": "aws-p5-48xlarge-ondemand", "prefillTokensPerGpuSecond": 20000, "decodeTokensPerGpuSecond": 500, "retrainsPerMonth": 4{{typed}}, "trainingFrom": {{trainingFrom}} }""");

    [Fact]
    public async Task A_gpu_training_run_supplies_the_gpu_hours_per_retrain_scaled_to_the_retrain_rows_with_its_origin()
    {
        await _temp.Store.Benchmarks.ImportAsync(BenchmarkFiles.Json(TrainingRun()), "run.json", "ann", default);

        var evaluation = await _temp.Store.Evaluation.EvaluateOrThrowAsync(
            Scenario($$"""{ "run": "{{RunId}}", "model": "mlp", "dataset": "quality-control", "batch": 64, "rows": 1600000 }"""), default);

        // 90 s to AUC 0.9 on 160,000 rows; a retrain on 1,600,000 rows: 90 x 10 / 3600 = 0.25 GPU-hours.
        var input = evaluation.Inputs.Single(i => i.Key == "cloud.trainingGpuHoursPerRetrain");
        Assert.Equal(0.25, input.Value, 12);
        Assert.Equal(OriginKind.Benchmark, input.Origin.Kind);
        Assert.Equal($"benchmark run {RunId} on GPU NVIDIA H100 80GB HBM3", input.Origin.Source);
        Assert.Equal("mlp on quality-control batch 64 (cuda): time to AUC 0.9 90 s on 160000 rows x 1600000 / 160000 rows per retrain / 3600 = 0.25 GPU-hours",
            input.Origin.Reference);
    }

    [Fact]
    public async Task Without_rows_the_run_time_is_taken_unscaled()
    {
        await _temp.Store.Benchmarks.ImportAsync(BenchmarkFiles.Json(TrainingRun()), "run.json", "ann", default);

        var evaluation = await _temp.Store.Evaluation.EvaluateOrThrowAsync(Scenario($$"""{ "run": "{{RunId}}", "model": "mlp", "batch": 64 }"""), default);

        Assert.Equal(90 / 3600.0, evaluation.Inputs.Single(i => i.Key == "cloud.trainingGpuHoursPerRetrain").Value, 12);
    }

    [Fact]
    public async Task An_ml_net_result_trained_on_the_cpu_is_refused_for_a_gpu_option_even_in_a_cuda_run()
    {
        await _temp.Store.Benchmarks.ImportAsync(BenchmarkFiles.Json(TrainingRun()), "run.json", "ann", default);

        var ex = await Assert.ThrowsAsync<InputException>(() => _temp.Store.Evaluation.EvaluateOrThrowAsync(
            Scenario($$"""{ "run": "{{RunId}}", "model": "lightgbm" }"""), default));

        Assert.Equal($"options[0].trainingFrom is refused: run '{RunId}' was measured on a CPU (Test CPU 9000), and option 'cloud' runs on NVIDIA H100 SXM; "
            + "a CPU's training time says nothing about a GPU's. Use a run measured on NVIDIA H100 SXM", Assert.Single(ex.Lines));
    }

    [Fact]
    public async Task A_result_without_a_time_to_target_an_ambiguous_pick_and_a_typed_value_are_errors_naming_the_path()
    {
        await _temp.Store.Benchmarks.ImportAsync(BenchmarkFiles.Json(TrainingRun()), "run.json", "ann", default);

        var unreached = await Assert.ThrowsAsync<InputException>(() => _temp.Store.Evaluation.EvaluateOrThrowAsync(
            Scenario($$"""{ "run": "{{RunId}}", "model": "mlp", "batch": 256 }"""), default));
        var ambiguous = await Assert.ThrowsAsync<InputException>(() => _temp.Store.Evaluation.EvaluateOrThrowAsync(
            Scenario($$"""{ "run": "{{RunId}}", "model": "mlp" }"""), default));
        var typed = await Assert.ThrowsAsync<InputException>(() => _temp.Store.Evaluation.EvaluateOrThrowAsync(
            Scenario($$"""{ "run": "{{RunId}}", "model": "mlp", "batch": 64 }""", ", \"trainingGpuHoursPerRetrain\": 3"), default));
        var cpuRun = await Assert.ThrowsAsync<InputException>(() => _temp.Store.Evaluation.EvaluateOrThrowAsync(
            Scenario("""{ "run": "nope", "model": "mlp" }"""), default));

        Assert.Equal($"options[0].trainingFrom: the training result of run '{RunId}' for mlp batch 256 has no time to target "
            + "(target AUC 0.9 not reached: best 0.88 in 20 epoch(s) of 160000 training rows); use a run whose training reached its target AUC", Assert.Single(unreached.Lines));
        Assert.StartsWith($"options[0].trainingFrom: run '{RunId}' has 2 training results for mlp; name dataset and batch to pick one", Assert.Single(ambiguous.Lines), StringComparison.Ordinal);
        Assert.Equal("options[0].trainingGpuHoursPerRetrain is given and also supplied by trainingFrom 'run " + RunId + "'; give one", Assert.Single(typed.Lines));
        Assert.StartsWith("options[0].trainingFrom.run: no imported benchmark run has the id 'nope'", Assert.Single(cpuRun.Lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hybrid_option_takes_no_training_from_as_it_takes_no_retraining()
    {
        await _temp.Store.Benchmarks.ImportAsync(BenchmarkFiles.Json(TrainingRun()), "run.json", "ann", default);
        var json = ScenarioResolverTests.Scenario(
            $$"""{ "id": "hybrid", "kind": "hybrid", "gpu": "H100 SXM", "gpusPerServer": 8, "serverPowerKw": 10, "depreciationYears": 5, "prefillTokensPerGpuSecond": 1000, "decodeTokensPerGpuSecond": 100, "basePercentile": 50, "overflowTo": "api", "trainingFrom": { "run": "{{RunId}}", "model": "mlp", "batch": 64 } }""",
            """{ "id": "api", "kind": "api", "apiPrice": "openai/gpt-4o-mini" }""")
            .Replace("\"outputTokensPerRequest\": 100 }", "\"outputTokensPerRequest\": 100, \"hourlyShares\": [0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.04, 0.07, 0.07, 0.07, 0.07, 0.06, 0.07, 0.07, 0.07, 0.07, 0.07, 0.05, 0.05, 0.03, 0.03, 0.03, 0.01] }", StringComparison.Ordinal);

        var refused = await Assert.ThrowsAsync<InputException>(() => _temp.Store.Evaluation.EvaluateOrThrowAsync(json, default));

        Assert.Contains("options[0].trainingFrom applies to cloud and onprem options only (this option is hybrid)", refused.Lines);
    }
}
