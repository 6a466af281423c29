using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Planner.Benchmarks.Results;
using Planner.CostModel.Scenarios;
using Planner.CostModel.Serving;
using Planner.Data.Benchmarks;
using Planner.Web.Components.Pages;
using Planner.Web.Services;

namespace Planner.Web.ComponentTests;

/// <summary>
/// The run page hands a serving run to the scenario in one click: a bench serve run's step-time fit as a GPU option's
/// capacity at the latency targets (capacityFrom), an endpoint load test's p95 latency to an API option (latencyFrom).
/// </summary>
public sealed class ServingHandOffTests : MudTestContext
{
    private static readonly ServingLoad Load = new(2, null, 60, 64, 16, 1000, 60, 42);

    private static ServingMetrics Metrics(double ttftP95Ms, double itlP95Ms) =>
        new(100, 100, 0, 0, new Dictionary<string, int>(), 60,
            new LatencyDistribution(100, ttftP95Ms / 2, ttftP95Ms / 2, ttftP95Ms * 0.9, ttftP95Ms, ttftP95Ms * 1.1, ttftP95Ms * 1.2),
            new LatencyDistribution(100, itlP95Ms / 2, itlP95Ms / 2, itlP95Ms * 0.9, itlP95Ms, itlP95Ms * 1.1, itlP95Ms * 1.2),
            new LatencyDistribution(100, 500, 500, 600, 700, 800, 900), 1600, 26, 1.6, null, null, null);

    private static BenchmarkRun Run(string id, string provider, ServingResult serving) =>
        new(BenchmarkRun.CurrentSchemaVersion, id, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
            new DateTimeOffset(2026, 1, 2, 3, 5, 5, TimeSpan.Zero), "serve", false,
            new RunSettings("auto", provider, null, 0, 1, 1, 1, 0, 60, 1000, 100, 42),
            new Fingerprint("abc123", "Test CPU", 2, 24, "Linux", ".NET 10", "1.31.1", ["CUDAExecutionProvider", "CPUExecutionProvider"],
                provider == "cuda" ? new GpuInfo("NVIDIA H100 80GB HBM3", 79.6, "570.86") : null, provider == "cuda" ? null : "no NVIDIA driver"),
            new Calibration(null, null, null, "not measured: a serving run"), [], [])
        {
            Serving = [serving],
        };

    private static ServingResult Decoder(string provider) =>
        new(ServingResult.DecoderSource, "gpt-decoder", "small", null, provider, Load, 16, null, Metrics(40, 3),
            new StepTimeFit(new StepTimeModel(0.02, 0.0001, 0.015, 0.0002, 0), 0.99, 0.98, 12, 400), null, false, null);

    private async Task<ScenarioWorkspace> WithTargetsAsync()
    {
        var workspace = Services.GetRequiredService<ScenarioWorkspace>();
        var example = Example();
        await workspace.LoadAsync(example with { Workload = example.Workload with { TtftP95Seconds = 1, ItlP95Seconds = 0.05 } }, "support-assistant");
        return workspace;
    }

    [Fact]
    public async Task A_bench_serve_run_on_a_gpu_becomes_the_gpu_options_capacity_at_the_targets()
    {
        Render<MudPopoverProvider>();
        await Services.GetRequiredService<BenchmarkStore>().ImportAsync(BenchmarkResultsJson.Serialize(Run("serve-h100", "cuda", Decoder("cuda"))), "serve.json", "tester", default);
        var workspace = await WithTargetsAsync();

        var cut = Render<BenchmarkRunDetail>(p => p.Add(x => x.RunId, "serve-h100"));

        Eventually(() => Assert.StartsWith("capacity at the latency targets from the step-time fit of gpt-decoder small at rate 2/s",
            cut.Find("[data-testid=throughput-choice]").TextContent, StringComparison.Ordinal), Patience);
        cut.Find("[data-testid=use-in-scenario-button]").Click();

        Eventually(() =>
        {
            Assert.Empty(cut.FindAll("[data-testid=handoff-refused]"));
            var option = workspace.Scenario!.Options.OfType<GpuOption>().First();
            Assert.Equal(new ServingRunReference { Run = "serve-h100", Rate = 2 }, option.References.CapacityFrom);
            Assert.Equal(0, option.ReplicaRequestsPerSecond);
        }, Patience);
    }

    [Fact]
    public async Task A_bench_serve_run_on_a_cpu_is_refused_for_the_gpu_option_with_the_reason_and_nothing_changes()
    {
        Render<MudPopoverProvider>();
        await Services.GetRequiredService<BenchmarkStore>().ImportAsync(BenchmarkResultsJson.Serialize(Run("serve-cpu", "cpu", Decoder("cpu"))), "serve.json", "tester", default);
        var workspace = await WithTargetsAsync();
        var before = workspace.Scenario;

        var cut = Render<BenchmarkRunDetail>(p => p.Add(x => x.RunId, "serve-cpu"));
        Eventually(() => cut.Find("[data-testid=use-in-scenario-button]"), Patience);
        cut.Find("[data-testid=use-in-scenario-button]").Click();

        Eventually(() => Assert.Contains("a CPU's serving step times say nothing about a GPU's", cut.Find("[data-testid=handoff-refused]").TextContent, StringComparison.Ordinal), Patience);
        Assert.Same(before, workspace.Scenario);
    }

    [Fact]
    public async Task An_endpoint_load_test_becomes_the_api_options_measured_latency()
    {
        Render<MudPopoverProvider>();
        var endpoint = new ServingResult(ServingResult.EndpointSource, "vendor-model", null, "https://api.example.com/v1", "endpoint",
            Load with { RatePerSecond = null, Concurrency = 8 }, null, null, Metrics(1800, 48.5), null, null, false, null);
        await Services.GetRequiredService<BenchmarkStore>().ImportAsync(BenchmarkResultsJson.Serialize(Run("endpoint-run", "cpu", endpoint)), "endpoint.json", "tester", default);
        var workspace = await WithTargetsAsync();

        var cut = Render<BenchmarkRunDetail>(p => p.Add(x => x.RunId, "endpoint-run"));

        Eventually(() => Assert.Equal($"measured latency of https://api.example.com/v1 (vendor-model) at concurrency 8 for 60 s, 64 → 16 tokens: p95 TTFT {Display.Number(1800, 1)} ms, ITL {Display.Number(48.5, 2)} ms",
            cut.Find("[data-testid=throughput-choice]").TextContent), Patience);
        Assert.Contains("Hosted API", cut.Find("[data-testid=scenario-option]").OuterHtml + cut.Markup, StringComparison.Ordinal);
        cut.Find("[data-testid=use-in-scenario-button]").Click();

        Eventually(() =>
        {
            Assert.Empty(cut.FindAll("[data-testid=handoff-refused]"));
            var api = workspace.Scenario!.Options.OfType<ApiOption>().Single();
            Assert.Equal(new ServingRunReference { Run = "endpoint-run", Concurrency = 8 }, api.References.LatencyFrom);
        }, Patience);
    }
}
