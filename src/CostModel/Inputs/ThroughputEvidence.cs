namespace Planner.CostModel.Inputs;

/// <summary>
/// What stands behind an option's prefill and decode throughput when they came from a reference: the benchmark result
/// that measured them (with its device fingerprint and run settings) or the projection that computed them. Reference
/// resolution records one per option (<see cref="Scenarios.Scenario.Evidence"/>); reports print them beside the numbers.
/// </summary>
public sealed record ThroughputEvidence
{
    /// <summary>The option whose throughput this is.</summary>
    public required string OptionId { get; init; }

    /// <summary>The measured result; null for a projection.</summary>
    public BenchmarkEvidence? Benchmark { get; init; }

    /// <summary>The projection; null for a measured result.</summary>
    public Projection.Projection? Projection { get; init; }
}

/// <summary>One benchmark result as reports show it: which run, which model and settings, on which machine, measuring what.</summary>
public sealed record BenchmarkEvidence
{
    /// <summary>The run's id as stored.</summary>
    public required string Run { get; init; }

    public required string Model { get; init; }

    /// <summary>Preset, precision, batch and execution provider, e.g. "small fp32 batch 8, CPUExecutionProvider, 2 threads".</summary>
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
