using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Planner.Benchmarks.Results;
using Planner.CostModel.Scenarios;
using Planner.Data.Benchmarks;
using Planner.Web.Components.Pages;
using Planner.Web.Services;

namespace Planner.Web.ComponentTests;

/// <summary>Issue 21: a run measured at fp32 and int8 shows what quantization saves, and hands the int8 throughput to a scenario.</summary>
public sealed class QuantizationSavingsTests : MudTestContext
{
    private static BenchmarkResult Result(string precision, int batch, double throughput, string model = "mlp", string? phase = null, string preset = "mnist") =>
        new BenchmarkResult(model, preset, precision, BenchmarkResult.Inference, batch, null, "cpu", 100, 1.0,
            new Throughput(throughput, "samples/s"), new LatencyStats(1, 0.05, 0.05, 1, 1.1, 1.2, 1.3),
            2.5, 120, null, "CPU energy unavailable: test", true, null) { Phase = phase };

    private static BenchmarkRun Run(params BenchmarkResult[] results) =>
        new(BenchmarkRun.CurrentSchemaVersion, "quantized-run", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
            new DateTimeOffset(2026, 1, 2, 3, 5, 5, TimeSpan.Zero), "smoke", false,
            // Measured on an H100: a GPU option accepts only GPU evidence (EvidenceGuard).
            new RunSettings("auto", "cuda", null, 0, 1, 3, 10, 0.3, 3, 1000, 0.5, 42),
            new Fingerprint("abc123", "Test CPU", 2, 24, "Linux", ".NET 10", "1.31.1", ["CUDAExecutionProvider", "CPUExecutionProvider"],
                new GpuInfo("NVIDIA H100 80GB HBM3", 79.6, "570.86"), null),
            new Calibration(2.5, "mlp/mnist/fp32 inference batch 1", 14.2, "probe"),
            results, []);

    [Fact]
    public void Int8_speedup_and_gpu_time_saved_pair_the_same_model_preset_and_batch()
    {
        // fp32 4,000/s and int8 10,000/s at batch 32: 2.5x, and 1 - 4,000 / 10,000 = 60% of the GPU time saved.
        var savings = QuantizationSaving.From(Run(
            Result("fp32", 1, 1_000), Result("fp32", 32, 4_000), Result("int8", 32, 10_000), Result("int8", 1, 1_250),
            Result("fp32", 8, 2_000), Result("fp32", 1, 500, model: "gpt-decoder", phase: "decode"), Result("int8", 1, 900, model: "gpt-decoder", phase: "decode")));

        Assert.Equal([1, 32], savings.Select(s => s.BatchSize));
        var batch32 = savings[1];
        Assert.Equal(2.5, batch32.Speedup, 12);
        Assert.Equal(0.6, batch32.GpuTimeSaved, 12);
        Assert.Equal("mlp|mnist|int8|32", batch32.Int8Choice);
        Assert.Equal("mlp|mnist|fp32|32", batch32.Fp32Choice);
        // 1 - 1,000 / 1,250 = 20%.
        Assert.Equal(0.2, savings[0].GpuTimeSaved, 12);
    }

    [Fact]
    public async Task The_run_page_shows_the_savings_and_one_click_hands_int8_to_the_scenario_option()
    {
        Render<MudPopoverProvider>();
        var json = BenchmarkResultsJson.Serialize(Run(Result("fp32", 32, 4_000), Result("int8", 32, 10_000)));
        await Services.GetRequiredService<BenchmarkStore>().ImportAsync(json, "test.json", "tester", default);
        var workspace = Services.GetRequiredService<ScenarioWorkspace>();
        // The mlp classifier is not generative: a workload of its requests has no output tokens (else the hand-off is refused).
        var example = Example();
        await workspace.LoadAsync(example with { Workload = example.Workload with { OutputTokensPerRequest = 0 } }, "support-assistant");

        var cut = Render<BenchmarkRunDetail>(p => p.Add(x => x.RunId, "quantized-run"));

        Eventually(() =>
        {
            var row = cut.Find("[data-testid=quantization-savings] tr[data-saving='mlp|mnist|32']");
            Assert.Equal("2.50x", row.QuerySelector("[data-metric=speedup]")!.TextContent);
            Assert.Equal(Display.Percent(0.6), row.QuerySelector("[data-metric=gpuTimeSaved]")!.TextContent);
        }, Patience);

        // Without the pick the hand-off offers the run's first result, the fp32 one.
        cut.Find("[data-testid=use-int8]").Click();
        cut.Find("[data-testid=use-in-scenario-button]").Click();

        Eventually(() =>
        {
            Assert.Empty(cut.FindAll("[data-testid=handoff-refused]"));
            var option = workspace.Scenario!.Options.OfType<GpuOption>().First();
            Assert.Equal("int8", option.References.ThroughputFrom?.Precision);
            Assert.Equal(32, option.References.ThroughputFrom?.Batch);
            Assert.Equal("quantized-run", option.References.ThroughputFrom?.Run);
        }, Patience);
    }

    [Fact]
    public async Task A_trained_models_savings_show_the_held_out_auc_at_fp32_and_int8()
    {
        Render<MudPopoverProvider>();
        // A template profile's trained LeNet-5 (docs/benchmarking.md, "The trained model at inference"): each precision's
        // results carry that precision's held-out AUC.
        var json = BenchmarkResultsJson.Serialize(Run(
            Result("fp32", 64, 20_000, model: "lenet5", preset: "inspection-images") with { Auc = 0.9981, Rows = 4000 },
            Result("int8", 64, 30_000, model: "lenet5", preset: "inspection-images") with { Auc = 0.9967, Rows = 4000 },
            Result("fp32", 32, 4_000), Result("int8", 32, 10_000)));
        await Services.GetRequiredService<BenchmarkStore>().ImportAsync(json, "test.json", "tester", default);

        var savings = QuantizationSaving.From(BenchmarkResultsJson.Parse(json));
        Assert.Equal((0.9981, 0.9967), (savings[0].Fp32Auc, savings[0].Int8Auc));
        Assert.Equal((null, null), (savings[1].Fp32Auc, savings[1].Int8Auc));

        var cut = Render<BenchmarkRunDetail>(p => p.Add(x => x.RunId, "quantized-run"));

        Eventually(() =>
        {
            var trained = cut.Find("[data-testid=quantization-savings] tr[data-saving='lenet5|inspection-images|64']");
            Assert.Equal($"{Display.Number(0.9981, 4)} → {Display.Number(0.9967, 4)}", trained.QuerySelector("[data-metric=heldOutAuc]")!.TextContent);
            Assert.Equal("1.50x", trained.QuerySelector("[data-metric=speedup]")!.TextContent);
            // A reference model with random weights has no AUC to show.
            Assert.Equal("—", cut.Find("tr[data-saving='mlp|mnist|32'] [data-metric=heldOutAuc]").TextContent);
            Assert.NotEmpty(cut.FindAll("[data-testid=quantization-auc-note]"));
        }, Patience);
    }
}
