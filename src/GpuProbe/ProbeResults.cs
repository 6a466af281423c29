using System.Globalization;
using Planner.Benchmarks.Environment;
using Planner.Benchmarks.Models;
using Planner.Benchmarks.Results;
using Planner.Benchmarks.Running;

namespace Planner.GpuProbe;

/// <summary>
/// Turns the probe's measurements into the usual results format (docs/benchmark-results.md): one <c>gemm</c> result per
/// product timed, and the calibration block's peak (the best product) and bandwidth (the device copy).
/// </summary>
public static class ProbeResults
{
    /// <summary>The <c>profile</c> of every probe run; calibration recognises probe runs by it.</summary>
    public const string Profile = "gpu-probe";

    /// <summary>
    /// One timed product. Achieved GFLOP/s = 2·M·N·K / mean latency; energy per 1000 rows (tokens) of the product from the
    /// board power sampled while it ran. Invalid when the measurement was cut short or too noisy (<see cref="LatencyStatistics.InvalidReason"/>).
    /// </summary>
    public static BenchmarkResult Gemm(string model, MatmulShape shape, string phase, int batch, int? promptTokens, string precision,
        Measurement measurement, EnergyReading energy, MeasurementSettings settings, double deviceMemoryMb)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(measurement);
        ArgumentNullException.ThrowIfNull(energy);
        var stats = LatencyStatistics.Summarize(measurement.LatenciesMs);
        var invalid = LatencyStatistics.InvalidReason(measurement, stats, settings);
        var gflops = stats.Mean > 0 ? shape.Flops / (stats.Mean / 1000) / 1e9 : 0;
        return new BenchmarkResult(model, Preset(shape), precision, BenchmarkResult.Gemm, batch, promptTokens, ProviderNames.Cuda,
            measurement.Iterations, measurement.ElapsedSeconds, new Throughput(gflops / 1000, Units.TflopsPerSecond), stats, gflops,
            deviceMemoryMb, energy.PerThousand((double)shape.M * measurement.Iterations), energy.Note, invalid is null, invalid)
        {
            Phase = phase,
            Matmul = shape,
            LatencySamplesMs = LatencyStatistics.StoredSamples(measurement.LatenciesMs),
        };
    }

    /// <summary>The preset a gemm result is filed under: the tensor-parallel slice and the product, e.g. <c>tp8-gate_up</c>.</summary>
    public static string Preset(MatmulShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return string.Create(CultureInfo.InvariantCulture, $"tp{shape.TensorParallel}-{shape.Name}");
    }

    /// <summary>Device-to-device copy bandwidth: each copy reads and writes <paramref name="bytesPerCopy"/>, so GB/s = 2·bytes·copies / GPU seconds / 10⁹.</summary>
    public static double CopyGbPerSecond(long bytesPerCopy, Measurement measurement)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        return measurement.ElapsedSeconds > 0 ? 2.0 * bytesPerCopy * measurement.Iterations / measurement.ElapsedSeconds / 1e9 : 0;
    }

    /// <summary>
    /// The calibration block: the peak is the best valid product's achieved GFLOP/s (named in the source), the bandwidth the
    /// copy's, or null with the reason it was not measured.
    /// </summary>
    public static Calibration Calibration(IReadOnlyList<BenchmarkResult> results, double? copyGbPerSecond, string copyNote)
    {
        ArgumentNullException.ThrowIfNull(results);
        var best = results.Where(r => r.Valid && r.AchievedGflops > 0).MaxBy(r => r.AchievedGflops);
        return new Calibration(
            best?.AchievedGflops,
            best is null ? null : $"best cuBLASLt product of the probe: {best.Key}",
            copyGbPerSecond,
            copyNote);
    }
}
