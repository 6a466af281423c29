using Planner.CostModel.Evaluation;
using Planner.CostModel.Scenarios;

namespace Planner.Reports;

/// <summary>What a report is made from: the resolved scenario, its evaluation and the benchmark evidence behind its throughput figures.</summary>
public sealed record ReportInput
{
    /// <summary>The scenario with its references resolved (the one that was evaluated).</summary>
    public required Scenario Scenario { get; init; }

    public required ScenarioEvaluation Evaluation { get; init; }

    /// <summary>Benchmark results the scenario's throughput came from; empty when none were used or known.</summary>
    public IReadOnlyList<BenchmarkEvidence> Benchmarks { get; init; } = [];

    /// <summary>Evaluates <paramref name="scenario"/> and wraps it with its evaluation.</summary>
    public static ReportInput For(Scenario scenario, IReadOnlyList<BenchmarkEvidence>? benchmarks = null) => new()
    {
        Scenario = scenario,
        Evaluation = CostEngine.Evaluate(scenario),
        Benchmarks = benchmarks ?? [],
    };
}

/// <summary>
/// One benchmark result as a report shows it. A small record of its own so that the report library does not depend on
/// the benchmark store: the web app and the CLI map their stored results into it.
/// </summary>
public sealed record BenchmarkEvidence
{
    /// <summary>The run's id as stored.</summary>
    public required string Run { get; init; }

    public required string Model { get; init; }

    /// <summary>Preset, precision and batch, e.g. "decode-heavy fp16 batch 8".</summary>
    public string? Settings { get; init; }

    /// <summary>Hardware fingerprint: device name, driver/runtime versions, CPU, memory.</summary>
    public required string Device { get; init; }

    /// <summary>When the run finished, ISO 8601.</summary>
    public required string MeasuredAt { get; init; }

    public double? PrefillTokensPerSecond { get; init; }

    public double? DecodeTokensPerSecond { get; init; }

    public double? LatencyP50Ms { get; init; }

    public double? LatencyP95Ms { get; init; }

    public double? LatencyP99Ms { get; init; }

    /// <summary>False when the run failed its validity checks (too few samples, unstable, thermal throttling, ...).</summary>
    public required bool Valid { get; init; }

    /// <summary>Why the run is or is not valid.</summary>
    public string? Validity { get; init; }
}
