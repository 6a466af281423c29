using Planner.Benchmarks.Results;
using Planner.CostModel;
using Planner.CostModel.Inputs;
using Planner.CostModel.Serving;

namespace Planner.Data.IntegrationTests;

/// <summary>
/// A GPU option's capacityFrom (a measured serving run's step-time fit sizes the fleet at the workload's latency targets)
/// and an API option's latencyFrom (an endpoint load test's p95 latency), resolved from the store.
/// </summary>
public sealed class ServingRunReferenceTests : IAsyncLifetime
{
    internal const string ServeRun = "20260110-130000-5e7e5e7e";
    internal const string EndpointRun = "20260111-090000-e0e0e0e0";

    /// <summary>The decoder's step times on the H100: 20 ms + 0.1 ms per prompt token; a decode step 15 ms + 0.2 ms per sequence.</summary>
    internal static readonly StepTimeFit Fit = new(new StepTimeModel(0.020, 0.0001, 0.015, 0.0002, 0), 0.99, 0.98, 12, 400);

    private readonly TempStore _temp = new();

    public Task InitializeAsync() => _temp.InitializeAsync();

    public Task DisposeAsync() => _temp.DisposeAsync();

    private static readonly ServingLoad Load2 = new(2, null, 60, 64, 16, 1000, 60, 42);
    private static readonly ServingLoad Load4 = Load2 with { RatePerSecond = 4 };

    internal static ServingResult Decoder(ServingLoad load, string provider, StepTimeFit? fit = null) =>
        new(ServingResult.DecoderSource, "gpt-decoder", "small", null, provider, load, 16, null, Metrics(40, 2.5), fit ?? Fit, null, false, null);

    internal static ServingResult Endpoint(ServingLoad load, double ttftP95Ms, double itlP95Ms) =>
        new(ServingResult.EndpointSource, "vendor-model", null, "https://api.example.com/v1", "endpoint", load, null, null, Metrics(ttftP95Ms, itlP95Ms), null, null, false, null);

    private static ServingMetrics Metrics(double ttftP95Ms, double itlP95Ms) =>
        new(100, 98, 2, 0, new Dictionary<string, int> { ["http 429"] = 2 }, 60,
            new LatencyDistribution(98, ttftP95Ms / 2, ttftP95Ms / 2, ttftP95Ms * 0.9, ttftP95Ms, ttftP95Ms * 1.2, ttftP95Ms * 1.5),
            new LatencyDistribution(98, itlP95Ms / 2, itlP95Ms / 2, itlP95Ms * 0.9, itlP95Ms, itlP95Ms * 1.2, itlP95Ms * 1.5),
            new LatencyDistribution(98, 900, 800, 1000, 1100, 1200, 1300), 1568, 26.1, 1.6, null, null, null);

    /// <summary>A <c>planner bench serve</c> run on <paramref name="provider"/> (an H100 when cuda) with a rate sweep of 2 and 4 requests/s.</summary>
    internal static string ServeRunJson(string provider = "cuda", string runId = ServeRun)
    {
        var run = provider == "cuda" ? BenchmarkFiles.GpuRun(runId) : BenchmarkFiles.Run(runId);
        return BenchmarkFiles.Json(run with
        {
            Profile = "serve",
            StartedAt = new DateTimeOffset(2026, 1, 10, 13, 0, 0, TimeSpan.Zero),
            FinishedAt = new DateTimeOffset(2026, 1, 10, 13, 5, 0, TimeSpan.Zero),
            Results = [],
            Serving = [Decoder(Load2, provider), Decoder(Load4, provider, Fit with { Model = Fit.Model with { DecodeFixedSeconds = 0.030 } })],
        });
    }

    internal static string EndpointRunJson() => BenchmarkFiles.Json(BenchmarkFiles.Run(EndpointRun) with
    {
        Profile = "endpoint",
        StartedAt = new DateTimeOffset(2026, 1, 11, 9, 0, 0, TimeSpan.Zero),
        FinishedAt = new DateTimeOffset(2026, 1, 11, 9, 2, 0, TimeSpan.Zero),
        Results = [],
        Serving = [Endpoint(Load2 with { RatePerSecond = null, Concurrency = 1 }, 450, 21), Endpoint(Load2 with { RatePerSecond = null, Concurrency = 8 }, 1800, 48.5)],
    });

    private static string WithTargets(string json) =>
        json.Replace("\"outputTokensPerRequest\": 100 }", "\"outputTokensPerRequest\": 100, \"ttftP95Seconds\": 1, \"itlP95Seconds\": 0.05 }", StringComparison.Ordinal);

    private static string Cloud(string capacityFrom, string more = "") =>
        $$"""{ "id": "cloud", "kind": "cloud", "cloudOffer": "aws-p5-48xlarge-ondemand", "prefillTokensPerGpuSecond": 5000, "decodeTokensPerGpuSecond": 500, "capacityFrom": {{capacityFrom}}{{more}} }""";

    [Fact]
    public async Task CapacityFrom_a_serving_run_on_the_options_gpu_sizes_the_fleet_with_the_capacity_planner_capacity_gives_for_its_fit()
    {
        await _temp.Store.Benchmarks.ImportAsync(ServeRunJson(), "serve.json", "ann", default);
        var json = WithTargets(ScenarioResolverTests.Scenario(Cloud($$"""{ "run": "{{ServeRun}}" }""")));

        var evaluation = await _temp.Store.Evaluation.EvaluateOrThrowAsync(json, default);

        // The same search `planner capacity --step-times` runs: the first fit of the run, its batch limit of 16, the workload's 500 → 100 tokens.
        var expected = CapacityPlanner.Plan(new CapacityPlanRequest
        {
            Measured = Fit,
            Query = new CapacityQuery
            {
                Model = new StepTimeModel(0, 0, 0, 0, 0),
                Settings = new FleetSettings { MaxBatch = 16 },
                Targets = new ServingTargets(1000, 50),
                InputTokens = 500,
                OutputTokens = 100,
            },
        });
        var inputs = evaluation.Inputs.ToDictionary(i => i.Key);
        var capacity = inputs["cloud.replicaRequestsPerSecond"];
        Assert.Equal(expected.MaxRatePerSecond, capacity.Value);
        Assert.True(capacity.Value > 0);
        // Batch 16 at most: a decode step of 15 + 0.2 × 16 = 18.2 ms per 16 tokens bounds the rate at 16 / (0.0182 × 99) ≈ 8.9 requests/s before prefills.
        Assert.True(capacity.Value < 16 / (0.0182 * 99), $"capacity {capacity.Value}");
        Assert.Equal(OriginKind.Benchmark, capacity.Origin.Kind);
        Assert.Equal("2026-01-10", capacity.Origin.AsOf);
        Assert.StartsWith("capacity search over the step times fitted to gpt-decoder small served on NVIDIA H100 80GB HBM3 (cuda), run " + ServeRun, capacity.Origin.Source, StringComparison.Ordinal);
        Assert.Equal($"run {ServeRun} (measured at 64 → 16 tokens)", capacity.Origin.Reference);
        Assert.Equal(1, inputs["cloud.gpusPerReplica"].Value);
        var atTargets = evaluation.Options[0].AtTargets!;
        Assert.Equal(expected.MaxRatePerSecond, atTargets.ReplicaRequestsPerSecond);
    }

    [Fact]
    public async Task CapacityFrom_takes_the_serving_result_at_the_named_rate_and_lists_the_loads_when_none_matches()
    {
        await _temp.Store.Benchmarks.ImportAsync(ServeRunJson(), "serve.json", "ann", default);

        var first = await _temp.Store.Evaluation.EvaluateOrThrowAsync(WithTargets(ScenarioResolverTests.Scenario(Cloud($$"""{ "run": "{{ServeRun}}" }"""))), default);
        var at4 = await _temp.Store.Evaluation.EvaluateOrThrowAsync(WithTargets(ScenarioResolverTests.Scenario(Cloud($$"""{ "run": "{{ServeRun}}", "rate": 4 }"""))), default);
        var missing = await Assert.ThrowsAsync<InputException>(() => _temp.Store.Evaluation.EvaluateOrThrowAsync(
            WithTargets(ScenarioResolverTests.Scenario(Cloud($$"""{ "run": "{{ServeRun}}", "rate": 3 }"""))), default));

        // The fit at 4 requests/s has a decode step twice as slow to start (30 ms), so its replica serves fewer requests.
        Assert.True(at4.Options[0].AtTargets!.ReplicaRequestsPerSecond < first.Options[0].AtTargets!.ReplicaRequestsPerSecond);
        Assert.Equal($"options[0].capacityFrom: run '{ServeRun}' has no {Planner.Data.Benchmarks.ServingRunResolver.FitKind} at rate 3/s "
            + "(it has: rate 2/s for 60 s, 64 → 16 tokens; rate 4/s for 60 s, 64 → 16 tokens)", Assert.Single(missing.Lines));
    }

    [Fact]
    public async Task CapacityFrom_a_cpu_serving_run_for_a_gpu_option_is_refused_with_the_reason()
    {
        await _temp.Store.Benchmarks.ImportAsync(ServeRunJson("cpu"), "serve.json", "ann", default);
        var json = WithTargets(ScenarioResolverTests.Scenario(Cloud($$"""{ "run": "{{ServeRun}}" }""")));

        var ex = await Assert.ThrowsAsync<InputException>(() => _temp.Store.Evaluation.EvaluateOrThrowAsync(json, default));

        var problem = Assert.Single(ex.Problems);
        Assert.Equal("options[0].capacityFrom", problem.Path);
        Assert.Equal($"options[0].capacityFrom is refused: run '{ServeRun}' was measured on a CPU (Test CPU 9000), and option 'cloud' runs on NVIDIA H100 SXM; "
            + "a CPU's serving step times say nothing about a GPU's. Use a run measured on NVIDIA H100 SXM, or a projection", problem.Message);
    }

    [Fact]
    public async Task CapacityFrom_a_run_on_another_gpu_model_is_refused()
    {
        var json = ServeRunJson().Replace("NVIDIA H100 80GB HBM3", "NVIDIA A100-SXM4-80GB", StringComparison.Ordinal);
        await _temp.Store.Benchmarks.ImportAsync(json, "serve.json", "ann", default);

        var ex = await Assert.ThrowsAsync<InputException>(() => _temp.Store.Evaluation.EvaluateOrThrowAsync(
            WithTargets(ScenarioResolverTests.Scenario(Cloud($$"""{ "run": "{{ServeRun}}" }"""))), default));

        Assert.StartsWith($"options[0].capacityFrom is refused: run '{ServeRun}' is for an A100 (NVIDIA A100-SXM4-80GB), and option 'cloud' runs on NVIDIA H100 SXM (an H100); "
            + "serving step times do not carry from one GPU model to another.", Assert.Single(ex.Lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CapacityFrom_needs_latency_targets_and_refuses_a_typed_capacity_a_run_without_a_fit_and_an_unknown_run()
    {
        await _temp.Store.Benchmarks.ImportAsync(ServeRunJson(), "serve.json", "ann", default);
        await _temp.Store.Benchmarks.ImportAsync(BenchmarkFiles.Json(BenchmarkFiles.GpuRun()), "run.json", "ann", default);

        async Task<string> Problem(string json) =>
            Assert.Single((await Assert.ThrowsAsync<InputException>(() => _temp.Store.Evaluation.EvaluateOrThrowAsync(json, default))).Lines);

        Assert.Equal("options[0].capacityFrom needs the workload's latency targets (workload.ttftP95Seconds and itlP95Seconds): it supplies one replica's capacity at them",
            await Problem(ScenarioResolverTests.Scenario(Cloud($$"""{ "run": "{{ServeRun}}" }"""))));
        var typed = await Problem(WithTargets(ScenarioResolverTests.Scenario(Cloud($$"""{ "run": "{{ServeRun}}" }""", ", \"replicaRequestsPerSecond\": 3"))));
        Assert.StartsWith($"options[0].replicaRequestsPerSecond is given (3) and also supplied by capacityFrom '{ServeRun}' (", typed, StringComparison.Ordinal);
        Assert.EndsWith("); give one", typed, StringComparison.Ordinal);
        Assert.Equal($"options[0].capacityFrom: run '20260110-120000-abcdef12' has no {Planner.Data.Benchmarks.ServingRunResolver.FitKind}",
            await Problem(WithTargets(ScenarioResolverTests.Scenario(Cloud("""{ "run": "20260110-120000-abcdef12" }""")))));
        Assert.StartsWith("options[0].capacityFrom.run: no imported benchmark run has the id 'nope'",
            await Problem(WithTargets(ScenarioResolverTests.Scenario(Cloud("""{ "run": "nope" }""")))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LatencyFrom_an_endpoint_load_test_supplies_the_measured_p95_latency_with_the_run_date_and_endpoint_as_origin()
    {
        await _temp.Store.Benchmarks.ImportAsync(EndpointRunJson(), "endpoint.json", "ann", default);
        var json = WithTargets(ScenarioResolverTests.Scenario($$"""{ "id": "api", "kind": "api", "apiPrice": "openai/gpt-4o-mini", "latencyFrom": { "run": "{{EndpointRun}}", "concurrency": 8 } }"""));

        var evaluation = await _temp.Store.Evaluation.EvaluateOrThrowAsync(json, default);

        var inputs = evaluation.Inputs.ToDictionary(i => i.Key);
        Assert.Equal(1.8, inputs["api.measuredTtftP95Seconds"].Value, 12);
        Assert.Equal(0.0485, inputs["api.measuredItlP95Seconds"].Value, 12);
        var origin = inputs["api.measuredTtftP95Seconds"].Origin;
        Assert.Equal(OriginKind.Benchmark, origin.Kind);
        Assert.Equal($"endpoint load test run {EndpointRun} of https://api.example.com/v1", origin.Source);
        Assert.Equal("2026-01-11", origin.AsOf);
        Assert.Equal("vendor-model, concurrency 8 for 60 s, 64 → 16 tokens: p95 TTFT 1800 ms, p95 ITL 48.5 ms, 98 completed, 2 failed (endpoint)", origin.Reference);
        // Targets 1 s and 0.05 s: 1.8 s misses on time to first token, 48.5 ms meets the inter-token target.
        var latency = evaluation.Options[0].Latency!;
        Assert.False(latency.MeetsTargets);
        Assert.Equal(1.8, latency.MeasuredTtftP95Seconds!.Value, 12);
        Assert.Equal($"endpoint load test run {EndpointRun} of https://api.example.com/v1, 2026-01-11", latency.MeasuredBy);
        Assert.Equal($"misses the latency targets: p95 time to first token 1.8 s > target 1 s (measured by endpoint load test run {EndpointRun} of https://api.example.com/v1, 2026-01-11)",
            latency.Note);
    }

    [Fact]
    public async Task LatencyFrom_a_decoder_serving_run_is_refused_as_not_an_endpoint_load_test()
    {
        await _temp.Store.Benchmarks.ImportAsync(ServeRunJson(), "serve.json", "ann", default);
        var json = WithTargets(ScenarioResolverTests.Scenario($$"""{ "id": "api", "kind": "api", "apiPrice": "openai/gpt-4o-mini", "latencyFrom": { "run": "{{ServeRun}}" } }"""));

        var ex = await Assert.ThrowsAsync<InputException>(() => _temp.Store.Evaluation.EvaluateOrThrowAsync(json, default));

        Assert.Equal($"options[0].latencyFrom: run '{ServeRun}' has no {Planner.Data.Benchmarks.ServingRunResolver.EndpointKind}", Assert.Single(ex.Lines));
    }
}
