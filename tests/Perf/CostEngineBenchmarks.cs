using BenchmarkDotNet.Attributes;
using Planner.CostModel.Evaluation;
using Planner.CostModel.Json;
using Planner.CostModel.Scenarios;

namespace Planner.Perf;

/// <summary>
/// The cost engine on a 60-month, 3-option scenario (the support-assistant example stretched to 60 months).
/// Targets (issue 2): evaluation with comparisons under 100 us, the tornado over all inputs under 10 ms.
/// </summary>
/// <remarks>
/// Each invocation repeats its call (<see cref="BenchmarkAttribute.OperationsPerInvoke"/>, figures are per call): one
/// evaluation takes tens of microseconds, too short an invocation for BenchmarkDotNet to time without its
/// minimum-iteration-time warning, above all with <c>--job short</c> on a loaded machine.
/// </remarks>
[MemoryDiagnoser]
public class CostEngineBenchmarks
{
    private const int Evaluations = 64;
    private const int Tornadoes = 8;
    private Scenario _scenario = null!;

    [GlobalSetup]
    public void Setup()
    {
        _scenario = ScenarioJson.ReadFile(Repository.File("examples", "support-assistant.json")) with { HorizonMonths = 60 };
    }

    [Benchmark(Description = "evaluate, 60 months x 3 options, with comparisons (no tornado)", OperationsPerInvoke = Evaluations)]
    public ScenarioEvaluation Evaluate() => Repeat(Evaluations, () => CostEngine.Evaluate(_scenario, includeTornado: false));

    [Benchmark(Description = "tornado over all inputs", OperationsPerInvoke = Tornadoes)]
    public IReadOnlyList<TornadoBar> Tornado() => Repeat(Tornadoes, () => Sensitivity.Tornado(_scenario, "api"));

    [Benchmark(Description = "evaluate with tornado (what `planner evaluate` does)", OperationsPerInvoke = Tornadoes)]
    public ScenarioEvaluation EvaluateWithTornado() => Repeat(Tornadoes, () => CostEngine.Evaluate(_scenario));

    /// <summary>Calls <paramref name="call"/> <paramref name="times"/> times and returns the last result, so none is optimised away.</summary>
    internal static T Repeat<T>(int times, Func<T> call)
    {
        var result = call();
        for (var i = 1; i < times; i++)
        {
            result = call();
        }
        return result;
    }
}
