using Planner.CostModel.Text;
using System.Globalization;
using Planner.Benchmarks.Results;
using Planner.Benchmarks.Running;
using Planner.CostModel;
using Planner.CostModel.Projection;

namespace Planner.Benchmarks.Projections;

/// <summary>
/// Efficiencies from a GPU probe run (docs/methodology.md, "Throughput projection", calibration from the GPU probe). Each
/// timed product is set against the datasheet roofline of the GPU it ran on: its time at the datasheet peak
/// (2·M·N·K / peak) or bandwidth (bytes / bandwidth), whichever is longer, over the measured time is the product's
/// efficiency. A pass (one phase, batch and precision of a model slice: its qkv, o, gate_up, down and lm_head products)
/// reaches Σ roofline time / Σ measured time. The compute-bound passes at the projector's precision (bf16, else fp16) give
/// η_c and n½ by fitting η_c·d / (d + n½) to each pass's efficiency at its model's hidden size d (least squares of 1/e on
/// 1/d; n½ = 0 and η_c the time-weighted mean when the sizes do not determine it); η_m is the device copy's GB/s over the
/// datasheet bandwidth. t_layer stays 0 (products alone carry no per-layer overhead) and the overlap 1.
/// </summary>
public static class ProbeCalibrator
{
    private static readonly PhraseTemplate NoGpuTemplate = new("calibration.probeNoGpu", "{0}: the run measured no GPU ({1}); a GPU probe run calibrates only the GPU it ran on.");
    private static readonly PhraseTemplate NoProductTemplate = new("calibration.probeNoProduct", "{0}: no valid GPU probe product to calibrate against (run `planner bench gpu-probe`).");

    /// <summary>True when the run holds GPU probe products (task <c>gemm</c>).</summary>
    public static bool IsProbeRun(BenchmarkRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.Results.Any(r => r.Task == BenchmarkResult.Gemm);
    }

    /// <param name="datasheet">The catalog figures of the GPU the run measured.</param>
    /// <exception cref="InputException">The run did not measure a GPU, or has no valid product the datasheet has a peak for.</exception>
    public static CalibrationReport Calibrate(BenchmarkRun run, GpuSpec datasheet)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(datasheet);
        if (run.Fingerprint.Gpu is null || run.Settings.Provider != ProviderNames.Cuda)
        {
            throw new InputException(InputProblem.General(NoGpuTemplate.With(run.RunId, run.Fingerprint.GpuNote ?? run.Settings.Provider)));
        }
        var rows = new List<ProbeRow>();
        var notProjected = new List<string>();
        foreach (var result in run.Results)
        {
            var row = result.Task == BenchmarkResult.Gemm && result.Valid && result.Matmul is not null ? Row(result, datasheet) : null;
            if (row is null)
            {
                notProjected.Add($"{result.Key}: " + (result.Task != BenchmarkResult.Gemm ? "not a GPU probe product"
                    : !result.Valid ? $"invalid result ({result.InvalidReason})"
                    : result.Matmul is null ? "no matmul shape"
                    : $"{datasheet.Name} has no datasheet peak for {result.Precision}"));
                continue;
            }
            rows.Add(row);
        }
        if (rows.Count == 0)
        {
            throw new InputException(InputProblem.General(NoProductTemplate.With(run.RunId)));
        }
        var passes = rows.GroupBy(r => (r.Model, r.TensorParallel, r.Precision, r.Phase, r.Batch))
            .Select(g => Pass(g.Key.Model, g.Key.TensorParallel, g.Key.Precision, g.Key.Phase, g.Key.Batch, [.. g]))
            .ToList();
        var fitPrecision = passes.Any(p => p.Precision == "bf16" && p.Bound == "compute") ? "bf16" : "fp16";
        var fitPasses = passes.Where(p => p.Precision == fitPrecision && p.Bound == "compute").ToList();
        var (compute, halfSize, computeNote) = FitCompute(fitPasses);
        var copy = run.Calibration.MemoryBandwidthGbPerSecond;
        double? bandwidth = copy is > 0 ? Math.Min(1, copy.Value / datasheet.BandwidthGbPerS) : null;
        var curve = compute is { } c ? Efficiency.GpuDefault with { Compute = c, HalfEfficiencyHiddenSize = halfSize } : null;
        var fitted = fitPasses.Select(p => p with { FittedEfficiency = curve?.ComputeAt(p.HiddenSize) }).ToList();
        var logErrors = fitted.Where(p => p.FittedEfficiency is not null).Select(p => Math.Log(p.FittedEfficiency!.Value / p.Efficiency)).ToArray();
        var deviceClass = GpuClass.Of(run.Fingerprint.Gpu.Name)?.ToString();
        return new CalibrationReport
        {
            RunId = run.RunId,
            Profile = run.Profile,
            Device = datasheet,
            PeakGflopsSource = run.Calibration.PeakGflopsSource,
            BandwidthNote = run.Calibration.BandwidthNote,
            ComputeEfficiency = compute,
            BandwidthEfficiency = bandwidth,
            Rows = [],
            NotProjected = notProjected,
            Provider = run.Settings.Provider,
            DeviceClass = deviceClass,
            Fit = compute is null && bandwidth is null ? null : new CalibrationFit
            {
                ComputeEfficiency = compute,
                BandwidthEfficiency = bandwidth,
                LayerOverheadMicroseconds = 0,
                HalfEfficiencyHiddenSize = halfSize,
                RmsLogError = logErrors.Length == 0 ? 0 : Math.Sqrt(logErrors.Average(e => e * e)),
                Rows = logErrors.Length,
                RowsWithinGoal = logErrors.Count(e => Math.Abs(Math.Exp(e) - 1) * 100 <= CalibrationFit.GoalPercent),
            },
            FitNote = computeNote,
            Probe = new ProbeCalibration
            {
                MeasuredGpu = run.Fingerprint.Gpu.Name,
                FitPrecision = fitPrecision,
                CopyGbPerSecond = copy,
                DecodeBandwidthEfficiency = Calibrator.Median(passes.Where(p => p.Bound == "memory" && p.Precision == fitPrecision).Select(p => p.Efficiency)),
                Rows = rows,
                Passes = [.. passes.Select(p => fitted.FirstOrDefault(f => f.Key == p.Key) ?? p)],
            },
        };
    }

    /// <summary>
    /// η_c and n½ from passes (hidden size d, efficiency e): 1/e = (1/η_c)·(1 + n½/d) is a straight line in 1/d, fitted by
    /// least squares; when the passes have one hidden size, or the line does not fall with d (b ≤ 0), n½ = 0 and η_c is the
    /// time-weighted efficiency of all passes. η_c is capped at 1.
    /// </summary>
    public static (double? Compute, double HalfSize, string? Note) FitCompute(IReadOnlyList<ProbePass> passes)
    {
        ArgumentNullException.ThrowIfNull(passes);
        if (passes.Count == 0)
        {
            return (null, 0, "no compute-bound pass at bf16 or fp16 (probe a prefill batch): η_c not determined, the default is kept");
        }
        var pooled = Math.Min(1, passes.Sum(p => p.RooflineSeconds) / passes.Sum(p => p.MeasuredSeconds));
        if (passes.Select(p => p.HiddenSize).Distinct().Count() < 2)
        {
            return (pooled, 0, $"one hidden size ({passes[0].HiddenSize}): n½ not determined (0), η_c is the time-weighted efficiency of {passes.Count} passes");
        }
        var x = passes.Select(p => 1.0 / p.HiddenSize).ToArray();
        var y = passes.Select(p => 1.0 / p.Efficiency).ToArray();
        var meanX = x.Average();
        var meanY = y.Average();
        var slope = x.Zip(y).Sum(v => (v.First - meanX) * (v.Second - meanY)) / x.Sum(v => (v - meanX) * (v - meanX));
        var intercept = meanY - (slope * meanX);
        if (slope <= 0 || intercept <= 0)
        {
            return (pooled, 0, "efficiency does not fall with smaller hidden sizes in this run: n½ = 0, η_c is the time-weighted efficiency of the passes");
        }
        return (Math.Min(1, 1 / intercept), Math.Min(Efficiency.MaxHalfEfficiencyHiddenSize, slope / intercept), null);
    }

    /// <summary>One product against the datasheet roofline; null when the datasheet has no peak at its precision.</summary>
    public static ProbeRow? Row(BenchmarkResult result, GpuSpec datasheet)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(datasheet);
        var shape = result.Matmul ?? throw new ArgumentException("a gemm result has a matmul shape", nameof(result));
        if (datasheet.PeakTflops(Precisions.Parse(result.Precision, "precision")) is not ({ } peakTflops and > 0))
        {
            return null;
        }
        var computeSeconds = shape.Flops / (peakTflops * 1e12);
        var memorySeconds = shape.MinimumBytes(result.Precision) / (datasheet.BandwidthGbPerS * 1e9);
        var measuredSeconds = result.LatencyMs.Mean / 1000;
        return new ProbeRow
        {
            Model = result.Model,
            Product = shape.Name,
            TensorParallel = shape.TensorParallel,
            Precision = result.Precision,
            Phase = result.Phase ?? "-",
            Batch = result.BatchSize,
            M = shape.M,
            N = shape.N,
            K = shape.K,
            MeasuredSeconds = measuredSeconds,
            AchievedTflops = shape.Flops / measuredSeconds / 1e12,
            AchievedGbPerSecond = shape.MinimumBytes(result.Precision) / measuredSeconds / 1e9,
            RooflineSeconds = Math.Max(computeSeconds, memorySeconds),
            Bound = computeSeconds >= memorySeconds ? "compute" : "memory",
        };
    }

    private static ProbePass Pass(string model, int tensorParallel, string precision, string phase, int batch, IReadOnlyList<ProbeRow> rows)
    {
        var roofline = rows.Sum(r => r.RooflineSeconds);
        var measured = rows.Sum(r => r.MeasuredSeconds);
        var computeBound = rows.Where(r => r.Bound == "compute").Sum(r => r.RooflineSeconds);
        return new ProbePass
        {
            Model = model,
            TensorParallel = tensorParallel,
            Precision = precision,
            Phase = phase,
            Batch = batch,
            Products = rows.Count,
            HiddenSize = (int)(rows.FirstOrDefault(r => r.Product == "qkv")?.K ?? rows.Max(r => r.K)),
            RooflineSeconds = roofline,
            MeasuredSeconds = measured,
            Bound = computeBound >= roofline / 2 ? "compute" : "memory",
        };
    }
}

/// <summary>What a GPU probe run adds to a <see cref="CalibrationReport"/>: every product and pass against the datasheet roofline.</summary>
public sealed record ProbeCalibration
{
    /// <summary>The GPU as the driver names it (the datasheet compared with is <see cref="CalibrationReport.Device"/>).</summary>
    public required string MeasuredGpu { get; init; }

    /// <summary>The precision whose compute-bound passes give η_c and n½ (bf16, else fp16).</summary>
    public required string FitPrecision { get; init; }

    public double? CopyGbPerSecond { get; init; }

    /// <summary>Median efficiency of the memory-bound (decode) passes at the fit precision: how close weight streaming comes to the datasheet bandwidth.</summary>
    public double? DecodeBandwidthEfficiency { get; init; }

    public required IReadOnlyList<ProbeRow> Rows { get; init; }

    public required IReadOnlyList<ProbePass> Passes { get; init; }
}

/// <summary>One timed product against the datasheet roofline.</summary>
public sealed record ProbeRow
{
    public required string Model { get; init; }

    /// <summary>qkv, o, gate_up (or up), down, lm_head.</summary>
    public required string Product { get; init; }

    public required int TensorParallel { get; init; }

    public required string Precision { get; init; }

    public required string Phase { get; init; }

    public required int Batch { get; init; }

    public required long M { get; init; }

    public required long N { get; init; }

    public required long K { get; init; }

    /// <summary>Mean GPU time of one product.</summary>
    public required double MeasuredSeconds { get; init; }

    public required double AchievedTflops { get; init; }

    /// <summary>The product's minimum bytes (operands read once, result written once) over its time.</summary>
    public required double AchievedGbPerSecond { get; init; }

    /// <summary>max(2·M·N·K / datasheet peak, bytes / datasheet bandwidth).</summary>
    public required double RooflineSeconds { get; init; }

    public required string Bound { get; init; }

    /// <summary>Roofline time / measured time: the share of the binding datasheet ceiling reached.</summary>
    public double Efficiency => RooflineSeconds / MeasuredSeconds;
}

/// <summary>One pass of a model slice: its products at one phase, batch and precision, timed back to back.</summary>
public sealed record ProbePass
{
    public required string Model { get; init; }

    public required int TensorParallel { get; init; }

    public required string Precision { get; init; }

    public required string Phase { get; init; }

    public required int Batch { get; init; }

    public required int Products { get; init; }

    /// <summary>The model's hidden size d (the qkv product's K).</summary>
    public required int HiddenSize { get; init; }

    public required double RooflineSeconds { get; init; }

    public required double MeasuredSeconds { get; init; }

    /// <summary>compute when compute-bound products make up at least half the pass's roofline time.</summary>
    public required string Bound { get; init; }

    /// <summary>Σ roofline time / Σ measured time.</summary>
    public double Efficiency => RooflineSeconds / MeasuredSeconds;

    /// <summary>η_c·d / (d + n½) with the run's fit; null for passes outside the fit.</summary>
    public double? FittedEfficiency { get; init; }

    internal (string, int, string, string, int) Key => (Model, TensorParallel, Precision, Phase, Batch);
}
