using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Planner.Benchmarks.Results;
using Planner.CostModel.Inputs;
using Planner.CostModel.Scenarios;
using Planner.Data.Benchmarks;
using Planner.Web.Components.Pages;
using Planner.Web.Services;

namespace Planner.Web.ComponentTests;

/// <summary>
/// Issue 21: the run page hands a training result that reached its target AUC to a cloud or on-premises option as its
/// retraining GPU-hours (trainingFrom), resolved by the store like a trainingFrom typed in the scenario JSON.
/// </summary>
public sealed class TrainingHandOffTests : MudTestContext
{
    private static BenchmarkResult Training(string model, int batch, string provider, double? secondsToTarget) =>
        new BenchmarkResult(model, "quality-control", "fp32", BenchmarkResult.Training, batch, null, provider, 20, 9.5,
            new Throughput(50_000, "samples/s"), new LatencyStats(1, 0.05, 0.05, 1, 1.1, 1.2, 1.3),
            null, 300, null, "energy unavailable: test", true, null)
        {
            Rows = 160_000,
            Auc = 0.91,
            TargetAuc = 0.9,
            TimeToTargetSeconds = secondsToTarget,
            TimeToTargetNote = secondsToTarget is null ? "target AUC 0.9 not reached" : null,
        };

    private static BenchmarkRun Run(params BenchmarkResult[] results) =>
        new(BenchmarkRun.CurrentSchemaVersion, "training-h100", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
            new DateTimeOffset(2026, 1, 2, 3, 9, 5, TimeSpan.Zero), "predictive-maintenance", false,
            new RunSettings("auto", "cuda", null, 0, 1, 1, 1, 0, 60, 1000, 100, 42),
            new Fingerprint("abc123", "Test CPU", 2, 24, "Linux", ".NET 10", "1.31.1", ["CUDAExecutionProvider", "CPUExecutionProvider"],
                new GpuInfo("NVIDIA H100 80GB HBM3", 79.6, "570.86"), null),
            new Calibration(null, null, null, "not measured: a training run"), results, []);

    private async Task<ScenarioWorkspace> ExampleAsync()
    {
        var workspace = Services.GetRequiredService<ScenarioWorkspace>();
        await workspace.LoadAsync(Example(), "support-assistant");
        return workspace;
    }

    [Fact]
    public void Each_training_result_that_reached_its_target_is_offered_and_only_to_options_that_take_training_from()
    {
        var choices = ThroughputChoice.FromRun(Run(Training("mlp", 64, "cuda", 90), Training("mlp", 256, "cuda", null)));

        var choice = Assert.Single(choices);
        Assert.Equal(HandOff.Training, choice.Kind);
        Assert.Equal("trainingFrom", choice.Field);
        Assert.Equal(new TrainingReference { Run = "training-h100", Model = "mlp", Dataset = "quality-control", Batch = 64 }, choice.Training);
        var options = Example().Options;
        Assert.True(choice.Fits(options.First(o => o.Kind == OptionKind.Cloud)));
        Assert.True(choice.Fits(options.First(o => o.Kind == OptionKind.OnPrem)));
        Assert.False(choice.Fits(options.First(o => o.Kind == OptionKind.Api)));
        Assert.False(choice.Fits(Example("hybrid-support-assistant").Options.First(o => o.Kind == OptionKind.Hybrid)));
    }

    [Fact]
    public async Task A_gpu_training_result_becomes_the_options_retraining_gpu_hours_with_the_run_as_origin()
    {
        Render<MudPopoverProvider>();
        await Services.GetRequiredService<BenchmarkStore>().ImportAsync(BenchmarkResultsJson.Serialize(Run(Training("mlp", 64, "cuda", 90))), "training.json", "tester", default);
        var workspace = await ExampleAsync();

        var cut = Render<BenchmarkRunDetail>(p => p.Add(x => x.RunId, "training-h100"));

        Eventually(() => Assert.StartsWith("retraining GPU-hours of mlp on quality-control, batch 64 (cuda)",
            cut.Find("[data-testid=throughput-choice]").TextContent, StringComparison.Ordinal), Patience);
        cut.Find("[data-testid=use-in-scenario-button]").Click();

        Eventually(() =>
        {
            Assert.Empty(cut.FindAll("[data-testid=handoff-refused]"));
            var option = workspace.Scenario!.Options.OfType<GpuOption>().First();
            Assert.Equal(new TrainingReference { Run = "training-h100", Model = "mlp", Dataset = "quality-control", Batch = 64 }, option.References.TrainingFrom);
            var hours = workspace.Evaluation!.Inputs.Single(i => i.Key == $"{option.Id}.trainingGpuHoursPerRetrain");
            Assert.Equal(90 / 3600.0, hours.Value, 12);
            Assert.Equal(OriginKind.Benchmark, hours.Origin.Kind);
        }, Patience);
    }

    [Fact]
    public async Task A_training_result_measured_on_the_cpu_is_refused_for_a_gpu_option_and_nothing_changes()
    {
        Render<MudPopoverProvider>();
        await Services.GetRequiredService<BenchmarkStore>().ImportAsync(BenchmarkResultsJson.Serialize(Run(Training("lightgbm", 160_000, "cpu", 12))), "training.json", "tester", default);
        var workspace = await ExampleAsync();
        var before = workspace.Scenario;

        var cut = Render<BenchmarkRunDetail>(p => p.Add(x => x.RunId, "training-h100"));
        Eventually(() => cut.Find("[data-testid=use-in-scenario-button]"), Patience);
        cut.Find("[data-testid=use-in-scenario-button]").Click();

        Eventually(() => Assert.Contains("a CPU's training time says nothing about a GPU's", cut.Find("[data-testid=handoff-refused]").TextContent, StringComparison.Ordinal), Patience);
        Assert.Same(before, workspace.Scenario);
    }
}
