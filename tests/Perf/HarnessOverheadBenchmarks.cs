using BenchmarkDotNet.Attributes;
using Planner.Benchmarks.Models;
using Planner.Benchmarks.Running;

namespace Planner.Perf;

/// <summary>
/// Overhead of the benchmark harness (timed loop with per-iteration timestamps, cancellation
/// checks and the sample array) against the bare loop it times: <see cref="PreparedInference.Run"/>, one
/// <c>RunWithBinding</c> on pre-bound inputs and outputs, on the same session, at batch 1 on the mlp, the case where
/// overhead matters most. Target: harness ≥ 97 % of the bare loop's throughput (a ratio of at most 1.03).
/// The named-input <c>session.Run</c> loop is kept for reference: it is not what the harness does, so it is not the baseline.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class HarnessOverheadBenchmarks : IDisposable
{
    private const int RunsPerInvoke = 2000;
    private PreparedInference? _prepared;
    private MeasurementSettings _settings = new();

    [GlobalSetup]
    public void Setup()
    {
        var built = new MlpModel().Build("mnist", Precision.Fp32);
        using var options = ExecutionProviders.CreateOptions(ExecutionProviders.Cpu, new ThreadSettings(IntraOp: 1, InterOp: 1));
        _prepared = new PreparedInference(built, new WorkloadShape(1), options, seed: 1);
        _settings = new MeasurementSettings(WarmupIterations: 0, MinIterations: RunsPerInvoke, MinDurationSeconds: 0, MaxDurationSeconds: 3600, MaxIterations: RunsPerInvoke, MaxCv: 100);
    }

    /// <summary>Named inputs and outputs, marshalled on every call: what a bare ONNX Runtime program without IO binding does.</summary>
    [Benchmark(OperationsPerInvoke = RunsPerInvoke)]
    public void BareSessionRun()
    {
        var p = _prepared!;
        for (var i = 0; i < RunsPerInvoke; i++)
        {
            p.Session.Run(p.RunOptions, p.InputNames, p.InputValues, p.OutputNames, p.OutputValues);
        }
    }

    /// <summary>The harness's loop body alone (IO binding), without timestamps: the baseline the harness is compared with.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = RunsPerInvoke)]
    public void BareRunWithBinding()
    {
        var p = _prepared!;
        for (var i = 0; i < RunsPerInvoke; i++)
        {
            p.Run();
        }
    }

    [Benchmark(OperationsPerInvoke = RunsPerInvoke)]
    public int Harness() => MeasurementLoop.Run(_prepared!.Run, _settings, TimeProvider.System, CancellationToken.None).Iterations;

    [GlobalCleanup]
    public void Dispose()
    {
        _prepared?.Dispose();
        _prepared = null;
        GC.SuppressFinalize(this);
    }
}
