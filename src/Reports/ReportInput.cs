using Planner.CostModel;
using Planner.CostModel.Evaluation;
using Planner.CostModel.Inputs;
using Planner.CostModel.Projection;
using Planner.CostModel.Scenarios;
using Planner.CostModel.Uncertainty;

namespace Planner.Reports;

/// <summary>
/// What a report is made from: the resolved scenario, its evaluation, the benchmark results and projections behind its
/// throughput figures (from <see cref="Scenario.Evidence"/>) and, when the scenario carries distributions, its Monte
/// Carlo simulation.
/// </summary>
public sealed record ReportInput
{
    /// <summary>The scenario with its references resolved (the one that was evaluated).</summary>
    public required Scenario Scenario { get; init; }

    public required ScenarioEvaluation Evaluation { get; init; }

    /// <summary>Benchmark results the scenario's throughput came from; empty when none were used.</summary>
    public IReadOnlyList<BenchmarkEvidence> Benchmarks { get; init; } = [];

    /// <summary>Projections the scenario's throughput came from, with the option each one serves; empty when none were used.</summary>
    public IReadOnlyList<OptionProjection> Projections { get; init; } = [];

    /// <summary>The Monte Carlo simulation of the scenario; null when it has no uncertain input or none was run.</summary>
    public SimulationResult? Simulation { get; init; }

    /// <summary>
    /// <paramref name="scenario"/> with <paramref name="evaluation"/>, the one the host already made of it (a request
    /// evaluates once, and the report prints what the screen shows), its evidence and <paramref name="simulation"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="evaluation"/> is of another scenario or horizon.</exception>
    public static ReportInput For(Scenario scenario, ScenarioEvaluation evaluation, SimulationResult? simulation = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(evaluation);
        if (evaluation.Scenario != scenario.Name || evaluation.HorizonMonths != scenario.HorizonMonths)
        {
            throw new ArgumentException(
                $"the evaluation of \"{evaluation.Scenario}\" over {evaluation.HorizonMonths} months does not belong to \"{scenario.Name}\" over {scenario.HorizonMonths} months",
                nameof(evaluation));
        }
        return new()
        {
            Scenario = scenario,
            Evaluation = evaluation,
            Benchmarks = scenario.Evidence.Select(e => e.Benchmark).OfType<BenchmarkEvidence>().ToList(),
            Projections = scenario.Evidence.Where(e => e.Projection is not null)
                .Select(e => new OptionProjection(scenario.GetOption(e.OptionId).DisplayName, e.Projection!)).ToList(),
            Simulation = simulation,
        };
    }

    /// <summary>
    /// The report of <paramref name="scenario"/> and its <paramref name="evaluation"/>: when it carries distributions,
    /// simulated first with <paramref name="settings"/> (progress is the finished fraction of trials).
    /// </summary>
    /// <exception cref="InputException">The simulation settings are out of range.</exception>
    /// <exception cref="OperationCanceledException">Cancelled during the simulation.</exception>
    public static ReportInput Simulated(Scenario scenario, ScenarioEvaluation evaluation, SimulationSettings settings, IProgress<double>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var simulation = scenario.Uncertainties.Count > 0 ? MonteCarlo.Run(scenario, settings, progress, ct) : null;
        return For(scenario, evaluation, simulation);
    }
}

/// <summary>A projection and the option (display name) whose throughput it supplies.</summary>
public sealed record OptionProjection(string Option, Projection Projection);
