using BenchmarkDotNet.Attributes;
using Planner.CostModel.Evaluation;
using Planner.CostModel.Json;
using Planner.CostModel.Scenarios;

namespace Planner.Perf;

/// <summary>
/// The cost engine on a 60-month, 3-option scenario (the support-assistant example stretched to 60 months).
/// Targets (issue 2): evaluation with comparisons under 100 us, the tornado over all inputs under 10 ms.
/// </summary>
[MemoryDiagnoser]
public class CostEngineBenchmarks
{
    private Scenario _scenario = null!;

    [GlobalSetup]
    public void Setup()
    {
        _scenario = ScenarioJson.ReadFile(Repository.File("examples", "support-assistant.json")) with { HorizonMonths = 60 };
    }

    [Benchmark(Description = "evaluate, 60 months x 3 options, with comparisons (no tornado)")]
    public ScenarioEvaluation Evaluate() => CostEngine.Evaluate(_scenario, includeTornado: false);

    [Benchmark(Description = "tornado over all inputs")]
    public IReadOnlyList<TornadoBar> Tornado() => Sensitivity.Tornado(_scenario, "api");

    [Benchmark(Description = "evaluate with tornado (what `planner evaluate` does)")]
    public ScenarioEvaluation EvaluateWithTornado() => CostEngine.Evaluate(_scenario);
}
