using Planner.Benchmarks.Models;
using Planner.Benchmarks.Projections;
using Planner.Benchmarks.Results;
using Planner.CostModel.Projection;
using Precision = Planner.CostModel.Projection.Precision;

namespace Planner.Benchmarks.UnitTests;

/// <summary>
/// The calibrator on synthetic runs: the calibration profile's twelve transformer rows with throughputs generated from
/// known η_c, η_m, t_layer, n½ and overlap on a device of 150 GFLOP/s and 30 GB/s. The fit must give those factors back.
/// </summary>
public class CalibratorFitTests
{
    private const double PeakGflops = 150;
    private const double BandwidthGbPerS = 30;

    private static readonly FittedFactors Truth = new(Compute: 0.8, Bandwidth: 0.5, LayerOverheadMicroseconds: 15, HalfEfficiencyHiddenSize: 48, true, true, 0) { Overlap = 0.3 };

    [Fact]
    public void Fit_recovers_the_factors_a_synthetic_run_was_generated_from_and_predicts_every_held_out_row()
    {
        var report = Calibrator.Calibrate(SyntheticRun(gpu: null));

        var fit = report.Fit!;
        Assert.Equal(12, fit.Rows);
        Assert.Equal(Truth.Compute, fit.ComputeEfficiency!.Value, 0.002);
        Assert.Equal(Truth.Bandwidth, fit.BandwidthEfficiency!.Value, 0.002);
        Assert.Equal(Truth.LayerOverheadMicroseconds, fit.LayerOverheadMicroseconds, 0.05);
        Assert.Equal(Truth.HalfEfficiencyHiddenSize, fit.HalfEfficiencyHiddenSize, 0.5);
        Assert.Equal(Truth.Overlap, fit.Overlap, 0.005);
        Assert.All(report.Rows, r =>
        {
            Assert.InRange(r.FittedErrorPercent!.Value, -0.1, 0.1);
            Assert.InRange(r.CrossValidatedErrorPercent!.Value, -0.5, 0.5);
        });
        Assert.Equal((12, 12, true), (fit.RowsWithinGoal, fit.RowsWithinGoalCrossValidated, fit.GoalMet));
        Assert.Null(report.FitNote);
        // The η = 1 columns keep their meaning: the roofline on the measured ceilings, no fixed time.
        Assert.All(report.Rows, r => Assert.True(r.ProjectedTokensPerSecond > r.MeasuredTokensPerSecond));
    }

    [Fact]
    public void The_documented_cpu_calibration_run_gives_the_fit_docs_methodology_reports()
    {
        // docs/measurements/: the calibration profile on the 2-core build machine, quoted in docs/methodology.md.
        var run = BenchmarkResultsJson.Read(Path.Combine(AppContext.BaseDirectory, "measurements", "calibration-cpu-20261123-163650-b9939280.json"));

        var report = Calibrator.Calibrate(run);

        var fit = report.Fit!;
        Assert.Equal((1.000, 0.764, 8.0, 44.6, 0.00, 0.086),
            (Math.Round(fit.ComputeEfficiency!.Value, 3), Math.Round(fit.BandwidthEfficiency!.Value, 3), Math.Round(fit.LayerOverheadMicroseconds, 1),
                Math.Round(fit.HalfEfficiencyHiddenSize, 1), Math.Round(fit.Overlap, 2), Math.Round(fit.RmsLogError, 3)));
        Assert.Equal((12, 12, 9, false), (fit.Rows, fit.RowsWithinGoal, fit.RowsWithinGoalCrossValidated, fit.GoalMet));
        var smallDecode = report.Rows.Single(r => r.Preset == "small" && r.Phase == "decode" && r.Batch == 1);
        Assert.Equal((-4.9, -26.0), (Math.Round(smallDecode.FittedErrorPercent!.Value, 1), Math.Round(smallDecode.CrossValidatedErrorPercent!.Value, 1)));
    }

    [Fact]
    public void A_run_with_fewer_rows_than_parameters_has_no_fit_and_says_why()
    {
        var run = SyntheticRun(gpu: null);

        var report = Calibrator.Calibrate(run with { Results = [.. run.Results.Take(3)] });

        Assert.Null(report.Fit);
        Assert.Contains("at least 5 rows; the run has 3", report.FitNote, StringComparison.Ordinal);
        Assert.All(report.Rows, r => Assert.Null(r.FittedErrorPercent));
    }

    [Fact]
    public void A_cpu_runs_factors_never_carry_to_a_gpu()
    {
        var report = Calibrator.Calibrate(SyntheticRun(gpu: null));

        var efficiency = Calibrator.EfficiencyFor(report, Gpu("NVIDIA H100 SXM"));

        Assert.Equal((Efficiency.GpuDefault.Compute, Efficiency.GpuDefault.Bandwidth, Efficiency.GpuDefault.LayerOverheadMicroseconds), (efficiency.Compute, efficiency.Bandwidth, efficiency.LayerOverheadMicroseconds));
        Assert.Contains("CPU factors never carry to GPUs", efficiency.Source, StringComparison.Ordinal);
        Assert.Null(report.DeviceClass);
    }

    [Fact]
    public void A_gpu_runs_factors_carry_to_catalog_gpus_of_the_same_vendor_and_architecture_only()
    {
        var report = Calibrator.Calibrate(SyntheticRun(gpu: "NVIDIA H100 PCIe"));

        var h200 = Calibrator.EfficiencyFor(report, Gpu("NVIDIA H200 SXM"));
        var l40s = Calibrator.EfficiencyFor(report, Gpu("NVIDIA L40S"));

        Assert.Equal("NVIDIA Hopper", report.DeviceClass);
        Assert.Equal(report.Fit!.ComputeEfficiency!.Value, h200.Compute);
        Assert.Equal(report.Fit.BandwidthEfficiency!.Value, h200.Bandwidth);
        Assert.Equal(report.Fit.LayerOverheadMicroseconds, h200.LayerOverheadMicroseconds);
        Assert.Equal(report.Fit.HalfEfficiencyHiddenSize, h200.HalfEfficiencyHiddenSize);
        Assert.Equal(Efficiency.GpuDefault.TensorParallel, h200.TensorParallel);
        Assert.Null(h200.LowPrecisionCompute);
        Assert.StartsWith("fitted on calibration run synthetic on NVIDIA H100 PCIe (NVIDIA Hopper, same class as NVIDIA H200 SXM)", h200.Source, StringComparison.Ordinal);
        Assert.Equal(Efficiency.GpuDefault with { Source = l40s.Source }, l40s);
        Assert.EndsWith("(NVIDIA Hopper) does not carry to NVIDIA L40S (NVIDIA Ada Lovelace)", l40s.Source, StringComparison.Ordinal);
    }

    private static GpuSpec Gpu(string name) => new() { Name = name, Vendor = "NVIDIA", Bf16Tflops = 100, MemoryGb = 48, BandwidthGbPerS = 800 };

    /// <summary>The calibration profile's rows: encoder tiny/small at S = 128, decoder tiny/small prefill S = 64 and decode with a 128-token cache, batch 1 and 8.</summary>
    private static BenchmarkRun SyntheticRun(string? gpu)
    {
        var results = new List<BenchmarkResult>();
        foreach (var (model, preset) in new[] { ("transformer-encoder", "tiny"), ("transformer-encoder", "small"), ("gpt-decoder", "tiny"), ("gpt-decoder", "small") })
        {
            var shape = ModelCatalog.Find(model)!.ProjectionShape(preset)!;
            foreach (var batch in new[] { 1, 8 })
            {
                if (model == "transformer-encoder")
                {
                    // Bidirectional: batch × 128 tokens, each attending to all 128; the encoder reports sequences/s.
                    var tokensPerSecond = Measured(ThroughputProjector.PrefillPass(shape, Precision.Fp32, batch * 128.0, 128), shape);
                    results.Add(Result(model, preset, batch, 128, new Throughput(tokensPerSecond / 128, Units.SamplesPerSecond)));
                    continue;
                }
                var prefill = Measured(ThroughputProjector.PrefillPass(shape, Precision.Fp32, batch * 64.0, 32), shape);
                results.Add(Result(model, preset, batch, 64, new Throughput(prefill, Units.TokensPerSecond)) with { Phase = BenchmarkResult.Prefill, ContextLength = 64 });
                var decode = Measured(ThroughputProjector.DecodeStep(shape, Precision.Fp32, batch, 128), shape);
                results.Add(Result(model, preset, batch, 1, new Throughput(decode, Units.TokensPerSecond)) with { Phase = BenchmarkResult.Decode, ContextLength = 129 });
            }
        }
        var run = TestRuns.Run("synthetic", [.. results]);
        return run with
        {
            Calibration = new Calibration(PeakGflops, "synthetic", BandwidthGbPerS, "synthetic"),
            Settings = run.Settings with { Provider = gpu is null ? "cpu" : "cuda" },
            Fingerprint = run.Fingerprint with { Gpu = gpu is null ? null : new GpuInfo(gpu, 80, "550") },
        };
    }

    /// <summary>Tokens per second of a pass whose time is max(c / (η_c·d/(d+n½)), m / η_m) + L × t_layer with the true factors.</summary>
    private static double Measured(PassWork work, ModelShape shape)
    {
        var roofline = ThroughputProjector.Time(work, PeakGflops * 1e9, BandwidthGbPerS * 1e9,
            new Efficiency { Compute = 1, Bandwidth = 1, Source = "roofline" }, 1);
        var sample = new FitSample(roofline.ComputeSeconds, roofline.MemorySeconds, shape.Layers, shape.HiddenSize, 1);
        return work.Tokens / EfficiencyFit.ProjectedSeconds(sample, Truth);
    }

    private static BenchmarkResult Result(string model, string preset, int batch, int sequence, Throughput throughput) =>
        new(model, preset, "fp32", BenchmarkResult.Inference, batch, sequence, "cpu", 100, 1.0, throughput,
            new LatencyStats(1, 0.01, 0.01, 1, 1, 1, 1), null, 100, null, "test", true, null);
}
