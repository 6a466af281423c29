using Planner.CostModel;
using Planner.CostModel.Inputs;
using Planner.CostModel.Projection;
using Planner.CostModel.Scenarios;

namespace Planner.Data.Scenarios;

/// <summary>
/// Turns an option's <c>throughputFrom</c> into prefill/decode tokens per GPU-second. Several may be registered
/// (a stored benchmark result; a projection); the first whose <see cref="Handles"/> is true resolves the reference.
/// A reference no resolver handles stays unresolved and the validator reports it.
/// </summary>
public interface IThroughputResolver
{
    bool Handles(ThroughputReference reference);

    /// <param name="reference">The option's throughputFrom.</param>
    /// <param name="path">Its JSON path, e.g. "options[1].throughputFrom", for messages.</param>
    /// <param name="scenario">The scenario (its workload decides whether decode throughput is needed).</param>
    /// <param name="ct">Cancellation.</param>
    Task<ThroughputResolution> ResolveAsync(ThroughputReference reference, string path, Scenario scenario, CancellationToken ct);
}

/// <summary>A resolved number and where it came from.</summary>
public sealed record ResolvedValue(double Value, InputOrigin Origin);

/// <summary>
/// The throughputs a reference supplies (either may be null), or the problems that kept it from resolving; with the
/// benchmark result or projection behind them (<see cref="ThroughputEvidence"/>, which reports print).
/// </summary>
public sealed record ThroughputResolution(ResolvedValue? Prefill, ResolvedValue? Decode, IReadOnlyList<InputProblem> Problems)
{
    public BenchmarkEvidence? Benchmark { get; init; }

    public Projection? Projection { get; init; }

    /// <summary>The device the throughput was measured or projected on, which <see cref="EvidenceGuard"/> checks against the option's GPU.</summary>
    public EvidenceDevice? Device { get; init; }

    /// <summary>The model the throughput was measured or projected for, with its parameter count, which <see cref="EvidenceGuard.CheckModel"/> compares with the served model.</summary>
    public EvidenceModel? Model { get; init; }

    /// <summary>Requests/s one replica serves within the workload's latency targets; null when the workload has none.</summary>
    public ResolvedValue? ReplicaCapacity { get; init; }

    /// <summary>GPUs of that replica.</summary>
    public ResolvedValue? GpusPerReplica { get; init; }

    public static ThroughputResolution Failed(InputProblem problem) => new(null, null, [problem]);
}
