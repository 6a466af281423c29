using Planner.CostModel.Text;
using System.Globalization;
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
/// of the bandwidth; the medians of those are <see cref="CalibrationReport.ComputeEfficiency"/> and
/// <see cref="CalibrationReport.BandwidthEfficiency"/>. With at least four rows the run's factors η_c, η_m, the
/// per-layer fixed time t_layer and the half-efficiency hidden size n½ are fitted to every row at once (<see cref="EfficiencyFit"/>), each row is projected
/// with them (in-sample) and with the factors fitted to the other rows (leave-one-out), and
/// <see cref="EfficiencyFor"/> carries the fitted factors to catalog GPUs of the same class.
/// </summary>
public static class Calibrator
{
    private static readonly PhraseTemplate ProbeWithoutDatasheetTemplate = new("calibration.probeWithoutDatasheet",
        "{0}: a GPU probe run is compared with the datasheet of the GPU it measured ({1}): calibrate it with `planner project calibrate FILE [--gpu NAME]`.");
    private static readonly PhraseTemplate NothingToCalibrateTemplate = new("calibration.nothingToCalibrate", "the run has no valid transformer-encoder or gpt-decoder result to calibrate against (the smoke and calibration profiles have them)");

    /// <param name="measuredDatasheet">The catalog figures of the GPU a GPU probe run measured (<see cref="ProbeCalibrator"/>); not used for other runs.</param>
    /// <exception cref="InputException">The run has no peak GFLOP/s or no memory bandwidth, or no result the projector applies to; a GPU probe run without its datasheet.</exception>
    public static CalibrationReport Calibrate(BenchmarkRun run, GpuSpec? measuredDatasheet = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (ProbeCalibrator.IsProbeRun(run))
        {
            return ProbeCalibrator.Calibrate(run, measuredDatasheet ?? throw new InputException(
                InputProblem.General(ProbeWithoutDatasheetTemplate.With(run.RunId, run.Fingerprint.Gpu?.Name ?? "no GPU"))));
        }
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
        InputException.ThrowIfAny(problems);

        var device = Device(run, peak, bandwidth);
        var measured = new List<(CalibrationRow Row, FitSample Sample)>();
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
            measured.Add(Row(result, shape, device));
        }
        if (measured.Count == 0)
        {
            throw new InputException(InputProblem.General(NothingToCalibrateTemplate.With()));
        }
        var (fit, rows, fitNote) = FitAndCrossValidate(measured);
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
            Provider = run.Settings.Provider,
            DeviceClass = OnGpu(run) ? GpuClass.Of(device.Name)?.ToString() : null,
            Fit = fit,
            FitNote = fitNote,
        };
    }

    /// <summary>
    /// The efficiency for projections on <paramref name="target"/> by the carry rule (docs/methodology.md, "Throughput
    /// projection"): the report's fitted factors when the run was measured on a GPU of the target's class (same vendor
    /// and architecture generation, <see cref="GpuClass"/>), otherwise <see cref="Efficiency.GpuDefault"/>, with a
    /// <see cref="Efficiency.Source"/> that says which and why. A CPU run never carries to a GPU. A factor the fit could
    /// not determine (no row bound by it) keeps the default's value.
    /// </summary>
    public static Efficiency EfficiencyFor(CalibrationReport report, GpuSpec target)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(target);
        var targetClass = GpuClass.Of(target.Name, target.Vendor);
        var run = $"calibration run {report.RunId} on {report.Device.Name}";
        string? refusal = null;
        if (report.DeviceClass is null)
        {
            refusal = report.Provider == Running.ExecutionProviders.Cuda
                ? $"{run}: the GPU's architecture is not in the class table"
                : $"{run} ({report.Provider}): CPU factors never carry to GPUs";
        }
        else if (targetClass is null || targetClass.ToString() != report.DeviceClass)
        {
            refusal = $"{run} ({report.DeviceClass}) does not carry to {target.Name} ({targetClass?.ToString() ?? "class unknown"})";
        }
        else if (report.Fit is null)
        {
            refusal = $"{run}: no fit ({report.FitNote})";
        }
        if (refusal is not null)
        {
            return Efficiency.GpuDefault with { Source = $"{Efficiency.GpuDefault.Source}; {refusal}" };
        }
        var fit = report.Fit!;
        return Efficiency.GpuDefault with
        {
            Compute = fit.ComputeEfficiency ?? Efficiency.GpuDefault.Compute,
            // The run's η_c applies to every format it measured alike.
            LowPrecisionCompute = fit.ComputeEfficiency is null ? Efficiency.GpuDefault.LowPrecisionCompute : null,
            Bandwidth = fit.BandwidthEfficiency ?? Efficiency.GpuDefault.Bandwidth,
            LayerOverheadMicroseconds = fit.LayerOverheadMicroseconds,
            HalfEfficiencyHiddenSize = fit.HalfEfficiencyHiddenSize,
            Overlap = fit.Overlap,
            Source = string.Create(CultureInfo.InvariantCulture,
                $"fitted on {run} ({report.DeviceClass}, same class as {target.Name}): η_c {Factor(fit.ComputeEfficiency)}, η_m {Factor(fit.BandwidthEfficiency)}, t_layer {fit.LayerOverheadMicroseconds:0.0} µs, n½ {fit.HalfEfficiencyHiddenSize:0}, overlap {fit.Overlap:0.00}; the other factors (attention, link, fixed per step) from the default preset"),
        };
    }

    private static string Factor(double? value) =>
        value?.ToString("0.000", CultureInfo.InvariantCulture) ?? "not determined (default kept)";

    private static bool OnGpu(BenchmarkRun run) =>
        run.Fingerprint.Gpu is not null && string.Equals(run.Settings.Provider, Running.ExecutionProviders.Cuda, StringComparison.Ordinal);

    /// <summary>The fit over every row, then each row projected in-sample and with the factors fitted to the others.</summary>
    private static (CalibrationFit? Fit, IReadOnlyList<CalibrationRow> Rows, string? Note) FitAndCrossValidate(
        IReadOnlyList<(CalibrationRow Row, FitSample Sample)> measured)
    {
        var samples = measured.Select(m => m.Sample).ToArray();
        if (samples.Length < EfficiencyFit.MinSamples)
        {
            return (null, [.. measured.Select(m => m.Row)],
                $"η_c, η_m, t_layer, n½ and the overlap are fitted from at least {EfficiencyFit.MinSamples} rows; the run has {samples.Length} (the calibration profile has 12)");
        }
        var factors = EfficiencyFit.Fit(samples);
        var crossValidate = samples.Length > EfficiencyFit.MinSamples && samples.Length <= Limits.CalibrationCrossValidationRows;
        var rows = measured.Select((m, i) =>
        {
            var fitted = m.Row.MeasuredTokensPerSecond * m.Sample.MeasuredSeconds / EfficiencyFit.ProjectedSeconds(m.Sample, factors);
            double? heldOut = null;
            if (crossValidate)
            {
                var others = EfficiencyFit.Fit([.. samples.Where((_, j) => j != i)]);
                heldOut = m.Row.MeasuredTokensPerSecond * m.Sample.MeasuredSeconds / EfficiencyFit.ProjectedSeconds(m.Sample, others);
            }
            return m.Row with
            {
                FittedProjectedTokensPerSecond = fitted,
                FittedErrorPercent = ErrorPercent(fitted, m.Row.MeasuredTokensPerSecond),
                CrossValidatedProjectedTokensPerSecond = heldOut,
                CrossValidatedErrorPercent = heldOut is { } h ? ErrorPercent(h, m.Row.MeasuredTokensPerSecond) : null,
            };
        }).ToArray();
        var fit = new CalibrationFit
        {
            ComputeEfficiency = factors.ComputeDetermined ? factors.Compute : null,
            BandwidthEfficiency = factors.BandwidthDetermined ? factors.Bandwidth : null,
            LayerOverheadMicroseconds = factors.LayerOverheadMicroseconds,
            HalfEfficiencyHiddenSize = factors.HalfEfficiencyHiddenSize,
            Overlap = factors.Overlap,
            RmsLogError = factors.RmsLogError,
            Rows = rows.Length,
            RowsWithinGoal = rows.Count(r => Math.Abs(r.FittedErrorPercent!.Value) <= CalibrationFit.GoalPercent),
            RowsWithinGoalCrossValidated = crossValidate ? rows.Count(r => Math.Abs(r.CrossValidatedErrorPercent!.Value) <= CalibrationFit.GoalPercent) : null,
        };
        return (fit, rows, crossValidate ? null
            : samples.Length > Limits.CalibrationCrossValidationRows
                ? $"leave-one-out is computed for runs of at most {Limits.CalibrationCrossValidationRows} rows (docs/security.md, Limits); this run has {samples.Length}: not computed"
                : "leave-one-out needs more rows than parameters: not computed");
    }

    private static double ErrorPercent(double projected, double measured) => (projected - measured) / measured * 100;

    /// <summary>
    /// The measured device as a GpuSpec. The calibration block's peak is the best achieved GFLOP/s over every
    /// precision (int8 operations included), so each precision's peak is the best achieved by results of that precision
    /// (fp32; int8 as the fp8/int8 peak; fp16 as the bf16/fp16 peak), falling back to the block's peak where the run has none.
    /// </summary>
    private static GpuSpec Device(BenchmarkRun run, double peakGflops, double bandwidthGbPerS)
    {
        var fingerprint = run.Fingerprint;
        var onGpu = OnGpu(run);
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

    private static (CalibrationRow Row, FitSample Sample) Row(BenchmarkResult result, ModelShape shape, GpuSpec device)
    {
        var precision = Precisions.Parse(result.Precision, "precision");
        var sequence = result.SequenceLength ?? 1;
        var isDecode = result.Phase == BenchmarkResult.Decode;
        // One measured pass: a prefill of batch × S tokens, causal (mean attended context S/2); an encoder's pass over
        // batch × S tokens, bidirectional (each token attends to all S); a decode step with a cache of P tokens (result
        // contextLength = P + 1), mean attended context P.
        var work = result.Phase switch
        {
            BenchmarkResult.Prefill => ThroughputProjector.PrefillPass(shape, precision, (double)result.BatchSize * sequence, sequence / 2.0),
            BenchmarkResult.Decode => ThroughputProjector.DecodeStep(shape, precision, result.BatchSize, Math.Max(1, (result.ContextLength ?? 2) - 1)),
            _ => ThroughputProjector.PrefillPass(shape, precision, (double)result.BatchSize * sequence, sequence),
        };
        var time = ThroughputProjector.Time(work, device.PeakTflops(precision)!.Value * 1e12, device.BandwidthGbPerS * 1e9, Ceilings, 1);
        var projected = work.Tokens / time.Seconds;
        // Encoders report sequences per second; the projector counts tokens.
        var measured = result.Throughput.Unit == Units.TokensPerSecond ? result.Throughput.Value : result.Throughput.Value * sequence;
        var row = new CalibrationRow
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
            ErrorPercent = ErrorPercent(projected, measured),
            Bound = time.Bound,
            ImpliedEfficiency = measured / projected,
            AchievedGflops = result.AchievedGflops,
            Layers = shape.Layers,
            HiddenSize = shape.HiddenSize,
        };
        return (row, new FitSample(time.ComputeSeconds, time.MemorySeconds, shape.Layers, shape.HiddenSize, work.Tokens / measured));
    }

    /// <summary>The median, or null for no values.</summary>
    internal static double? Median(IEnumerable<double> values)
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

    /// <summary>The run's execution provider (cpu or cuda).</summary>
    public string? Provider { get; init; }

    /// <summary>The measured GPU's class (<see cref="GpuClass"/>, e.g. "NVIDIA Hopper"); null for a CPU run or an unknown GPU.</summary>
    public string? DeviceClass { get; init; }

    /// <summary>η_c, η_m, t_layer, n½ and the overlap fitted to every row; null when the run has too few rows (<see cref="FitNote"/>).</summary>
    public CalibrationFit? Fit { get; init; }

    /// <summary>Why the fit or its leave-one-out check is missing; null when both are there.</summary>
    public string? FitNote { get; init; }

    /// <summary>A GPU probe run's products and passes against the datasheet; null for other runs.</summary>
    public ProbeCalibration? Probe { get; init; }
}

/// <summary>The factors fitted to a run's rows by <see cref="EfficiencyFit"/> and how well they predict.</summary>
public sealed record CalibrationFit
{
    /// <summary>The goal: projected within ±15% of measured throughput.</summary>
    public const double GoalPercent = 15;

    /// <summary>η_c; null when no row is compute-bound at the fit (the data do not determine it).</summary>
    public double? ComputeEfficiency { get; init; }

    /// <summary>η_m; null when no row is memory-bound at the fit.</summary>
    public double? BandwidthEfficiency { get; init; }

    /// <summary>t_layer, microseconds per layer and pass.</summary>
    public required double LayerOverheadMicroseconds { get; init; }

    /// <summary>n½, the hidden size at which matrix products reach half of η_c (<see cref="Efficiency.HalfEfficiencyHiddenSize"/>).</summary>
    public required double HalfEfficiencyHiddenSize { get; init; }

    /// <summary>o, the overlap of compute and memory time (<see cref="Efficiency.Overlap"/>); 1 = the pure roofline.</summary>
    public double Overlap { get; init; } = 1;

    /// <summary>√(mean ln²(projected / measured)) over the rows at the fit.</summary>
    public required double RmsLogError { get; init; }

    public required int Rows { get; init; }

    /// <summary>Rows whose in-sample error is within ±<see cref="GoalPercent"/>.</summary>
    public required int RowsWithinGoal { get; init; }

    /// <summary>Rows whose leave-one-out error is within ±<see cref="GoalPercent"/>; null when not computed.</summary>
    public int? RowsWithinGoalCrossValidated { get; init; }

    /// <summary>The goal is met when every row's leave-one-out error (the in-sample one when there is none) is within it.</summary>
    public bool GoalMet => (RowsWithinGoalCrossValidated ?? RowsWithinGoal) == Rows;
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

    /// <summary>The preset's layers: the count the fixed per-layer time is charged for.</summary>
    public int Layers { get; init; }

    /// <summary>The preset's hidden size d, which sets its compute efficiency η_c × d / (d + n½).</summary>
    public int HiddenSize { get; init; }

    /// <summary>Projected with the run's fitted η_c, η_m and t_layer (in-sample); null when there is no fit.</summary>
    public double? FittedProjectedTokensPerSecond { get; init; }

    public double? FittedErrorPercent { get; init; }

    /// <summary>Projected with the factors fitted to every other row (leave-one-out): how well the model predicts this row.</summary>
    public double? CrossValidatedProjectedTokensPerSecond { get; init; }

    public double? CrossValidatedErrorPercent { get; init; }
}
