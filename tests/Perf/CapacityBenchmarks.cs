using BenchmarkDotNet.Attributes;
using Planner.CostModel.Serving;

namespace Planner.Perf;

/// <summary>
/// The capacity simulator (issue 13). Targets: one simulated hour at 50 requests/s on one replica well under 200 ms on
/// 2 cores; a capacity search under 2 s. The step times are those `planner capacity` projects for Llama-3-70B fp8 on
/// 4x H100 SXM (prefill 12.7 ms + 48.6 µs/token; decode 17.5 ms + 27.5 µs/sequence + 0.025 µs/KV token), 1024 → 256 tokens.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class CapacityBenchmarks
{
    private static readonly StepTimeModel Steps = new(0.012674, 0.000048586, 0.017455, 0.0000275, 0.00000002529);
    private IReadOnlyList<ServingRequest> _hour = [];

    [GlobalSetup]
    public void Setup() => _hour = FleetSimulator.Poisson(50, 3600, 1024, 256, 42);

    [Benchmark(Description = "one simulated hour, 50 requests/s, one replica (batch 256, KV-limited)")]
    public FleetResult SimulatedHour() => FleetSimulator.Run(_hour, Steps, new FleetSettings { MaxBatch = 256, KvCapacityTokens = 1_291_520 });

    [Benchmark(Description = "capacity search at p95 TTFT 2 s, ITL 60 ms (600 s per run tried)")]
    public CapacityAtTarget CapacitySearchAtTargets() => CapacitySearch.MaxRate(new CapacityQuery
    {
        Model = Steps,
        Settings = new FleetSettings { MaxBatch = 256, KvCapacityTokens = 1_291_520 },
        Targets = new ServingTargets(2000, 60),
        InputTokens = 1024,
        OutputTokens = 256,
    });
}
