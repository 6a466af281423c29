using Planner.Benchmarks.Models;
using Planner.Benchmarks.Results;
using Planner.CostModel;
using Planner.CostModel.Projection;
using ProjectionPrecision = Planner.CostModel.Projection.Precision;

namespace Planner.Benchmarks.Projections;

/// <summary>
/// Checks the throughput projector against a benchmark run (docs/methodology.md, "Throughput projection",
/// calibration): every transformer result of the run is projected from its preset's own shape
/// (<see cref="ReferenceModel.ProjectionShape"/>) on a <see cref="GpuSpec"/> describing the measured device — peak =
/// the run's best achieved GFLOP/s at the result's precision, bandwidth = its measured GB/s, memory = the machine's (or GPU's) memory — with
/// η = 1, since those ceilings are already achieved figures. Each row's implied efficiency is measured / projected,
/// which for a compute-bound result is its achieved share of the device's peak and for a memory-bound one its share
/// of the bandwidth; the run's η_c and η_m are the medians of those, the factors that carry to catalog GPUs of the
/// same class.
/// </summary>
public static class Calibrator
{
    /// <exception cref="InputException">The run has no peak GFLOP/s or no memory bandwidth, or no result the projector applies to.</exception>
    public static CalibrationReport Calibrate(BenchmarkRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var problems = new List<string>();
        if (run.Calibration.PeakGflops is not ({ } peak and > 0))
        {
            problems.Add("calibration.peakGflops is missing: the run has no valid result with achieved GFLOP/s to take the device's peak from");
            peak = double.NaN;
        }
        if (run.Calibration.MemoryBandwidthGbPerSecond is not ({ } bandwidth and > 0))
        {
            problems.Add($"calibration.memoryBandwidthGbPerSecond is missing ({run.Calibration.BandwidthNote ?? "no note"}): run a profile with bandwidthProbeMegabytes > 0");
            bandwidth = double.NaN;
        }
        if (problems.Count > 0)
        {
            throw new InputException(problems);
        }

        var device = Device(run, peak, bandwidth);
        var rows = new List<CalibrationRow>();
        var notProjected = new List<string>();
        foreach (var result in run.Results)
        {
            var model = result.Task == BenchmarkResult.Inference ? ModelCatalog.Find(result.Model) : null;
            var shape = model?.ProjectionShape(result.Preset);
            if (shape is null || !result.Valid)
            {
                notProjected.Add($"{result.Key}: " + (result.Valid ? "not a transformer (the projector applies to transformer shapes)" : $"invalid result ({result.InvalidReason})"));
                continue;
            }
            rows.Add(Row(result, shape, device));
        }
        if (rows.Count == 0)
        {
            throw new InputException("the run has no valid transformer-encoder or gpt-decoder result to calibrate against (the smoke and calibration profiles have them)");
        }
        return new CalibrationReport
        {
            RunId = run.RunId,
            Profile = run.Profile,
            Device = device,
            PeakGflopsSource = run.Calibration.PeakGflopsSource,
            BandwidthNote = run.Calibration.BandwidthNote,
            ComputeEfficiency = Median(rows.Where(r => r.Bound == "compute").Select(r => r.ImpliedEfficiency)),
            BandwidthEfficiency = Median(rows.Where(r => r.Bound == "memory").Select(r => r.ImpliedEfficiency)),
            Rows = rows,
            NotProjected = notProjected,
        };
    }

    /// <summary>
    /// The measured device as a GpuSpec. The calibration block's peak is the best achieved GFLOP/s over every
    /// precision (int8 operations included), so each precision's peak is the best achieved by results of that precision
    /// (fp32; int8 as the fp8/int8 peak; fp16 as the bf16/fp16 peak), falling back to the block's peak where the run has none.
    /// </summary>
    private static GpuSpec Device(BenchmarkRun run, double peakGflops, double bandwidthGbPerS)
    {
        var fingerprint = run.Fingerprint;
        var onGpu = fingerprint.Gpu is not null && string.Equals(run.Settings.Provider, Running.ExecutionProviders.Cuda, StringComparison.Ordinal);
        double PeakTflops(string precision) => (run.Results
            .Where(r => r.Valid && r.Precision == precision && r.AchievedGflops > 0)
            .Max(r => r.AchievedGflops) ?? peakGflops) / 1000;
        return new GpuSpec
        {
            Name = onGpu ? fingerprint.Gpu!.Name : fingerprint.CpuModel,
            Vendor = "measured",
            Bf16Tflops = PeakTflops("fp16"),
            Fp8Tflops = PeakTflops("int8"),
            Fp32Tflops = PeakTflops("fp32"),
            MemoryGb = onGpu ? fingerprint.Gpu!.MemoryGb : fingerprint.TotalMemoryGb,
            BandwidthGbPerS = bandwidthGbPerS,
        };
    }

    private static readonly Efficiency Ceilings = new()
    {
        Compute = 1,
        Bandwidth = 1,
        TensorParallel = 1,
        Source = "η = 1: the device's peak and bandwidth are the run's achieved figures",
    };

    private static CalibrationRow Row(BenchmarkResult result, ModelShape shape, GpuSpec device)
    {
        var precision = Precisions.Parse(result.Precision, "precision");
        var sequence = result.SequenceLength ?? 1;
        var isDecode = result.Phase == BenchmarkResult.Decode;
        // Projected context: the prefill's own tokens (causal, mean attended context = half of them); twice the
        // encoder's sequence (bidirectional: each token attends to all of it); for a decode step with a cache of P
        // tokens, 2P, whose mean attended context is P.
        var context = result.Phase switch
        {
            BenchmarkResult.Prefill => sequence,
            BenchmarkResult.Decode => 2 * Math.Max(1, (result.ContextLength ?? 2) - 1),
            _ => TransformerEncoderModel.BidirectionalContextFactor * sequence,
        };
        context = Math.Min(context, shape.ContextLength);
        var projection = ThroughputProjector.Project(shape, device, 1, precision, result.BatchSize, context, Ceilings);
        var projected = isDecode ? projection.DecodeTokensPerSecondPerGpu : projection.PrefillTokensPerSecondPerGpu;
        // Encoders report sequences per second; the projector counts tokens.
        var measured = result.Throughput.Unit == Units.TokensPerSecond ? result.Throughput.Value : result.Throughput.Value * sequence;
        return new CalibrationRow
        {
            Model = result.Model,
            Preset = result.Preset,
            Precision = result.Precision,
            Phase = result.Phase ?? "encode",
            Batch = result.BatchSize,
            SequenceLength = result.SequenceLength,
            ContextLength = result.ContextLength,
            MeasuredTokensPerSecond = measured,
            ProjectedTokensPerSecond = projected,
            ErrorPercent = (projected - measured) / measured * 100,
            Bound = isDecode ? projection.DecodeBound : projection.PrefillBound,
            ImpliedEfficiency = measured / projected,
            AchievedGflops = result.AchievedGflops,
        };
    }

    private static double? Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}

/// <summary>Projected against measured throughput of a run's transformer results; see <see cref="Calibrator"/>.</summary>
public sealed record CalibrationReport
{
    public required string RunId { get; init; }

    public required string Profile { get; init; }

    /// <summary>The measured device as the projector sees it.</summary>
    public required GpuSpec Device { get; init; }

    public string? PeakGflopsSource { get; init; }

    public string? BandwidthNote { get; init; }

    /// <summary>η_c: median measured / projected over the compute-bound rows; null when none is compute-bound.</summary>
    public double? ComputeEfficiency { get; init; }

    /// <summary>η_m: median measured / projected over the memory-bound rows; null when none is memory-bound.</summary>
    public double? BandwidthEfficiency { get; init; }

    public required IReadOnlyList<CalibrationRow> Rows { get; init; }

    /// <summary>Results the projector does not apply to, each with the reason.</summary>
    public required IReadOnlyList<string> NotProjected { get; init; }
}

public sealed record CalibrationRow
{
    public required string Model { get; init; }

    public required string Preset { get; init; }

    public required string Precision { get; init; }

    /// <summary>prefill, decode, or encode (a bidirectional encoder's forward pass).</summary>
    public required string Phase { get; init; }

    public required int Batch { get; init; }

    public int? SequenceLength { get; init; }

    public int? ContextLength { get; init; }

    public required double MeasuredTokensPerSecond { get; init; }

    /// <summary>The projector at η = 1 on the measured device.</summary>
    public required double ProjectedTokensPerSecond { get; init; }

    /// <summary>(projected - measured) / measured × 100: positive when the projection is too optimistic.</summary>
    public required double ErrorPercent { get; init; }

    /// <summary>compute or memory: the roofline term that sets the projected time.</summary>
    public required string Bound { get; init; }

    /// <summary>measured / projected: the share of the device's ceiling this result reaches.</summary>
    public required double ImpliedEfficiency { get; init; }

    public double? AchievedGflops { get; init; }
}
