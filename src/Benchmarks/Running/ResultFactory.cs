using System.Diagnostics;
using Planner.Benchmarks.Environment;
using Planner.Benchmarks.Results;

namespace Planner.Benchmarks.Running;

/// <summary>What was measured, in the terms a result reports.</summary>
internal sealed record MeasuredWork(
    string Model,
    string Preset,
    string Precision,
    string Task,
    int BatchSize,
    int? SequenceLength,
    double ItemsPerIteration,
    string Unit,
    double? OperationsPerIteration);

/// <summary>Turns a measurement into a result: statistics, throughput, achieved GFLOP/s, memory, energy and the validity gate.</summary>
internal static class ResultFactory
{
    public static BenchmarkResult Create(MeasuredWork work, string provider, Measurement measurement, EnergyReading energy, MeasurementSettings settings)
    {
        var stats = LatencyStatistics.Summarize(measurement.LatenciesMs);
        var seconds = measurement.ElapsedSeconds;
        var items = work.ItemsPerIteration * measurement.Iterations;
        var perSecond = seconds > 0 ? items / seconds : 0;
        double? gflops = work.OperationsPerIteration is { } operations && seconds > 0
            ? operations * measurement.Iterations / seconds / 1e9
            : null;
        var energyPerThousand = energy.PerThousand(items);
        var reason = LatencyStatistics.InvalidReason(measurement, stats, settings);
        return new BenchmarkResult(
            work.Model,
            work.Preset,
            work.Precision,
            work.Task,
            work.BatchSize,
            work.SequenceLength,
            provider,
            measurement.Iterations,
            seconds,
            new Throughput(perSecond, work.Unit),
            stats,
            gflops,
            PeakMemoryMb(),
            energyPerThousand,
            energyPerThousand is null ? energy.Note ?? "energy was not measured" : energy.Note,
            reason is null,
            reason)
        {
            LatencySamplesMs = LatencyStatistics.StoredSamples(measurement.LatenciesMs),
        };
    }

    /// <summary>The process's peak resident memory so far (VmHWM on Linux), in MiB.</summary>
    public static double PeakMemoryMb()
    {
        using var process = Process.GetCurrentProcess();
        return Math.Round(process.PeakWorkingSet64 / 1048576.0, 1);
    }
}
