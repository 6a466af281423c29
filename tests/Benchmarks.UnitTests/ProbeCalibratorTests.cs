using Planner.Benchmarks.Projections;
using Planner.Benchmarks.Results;
using Planner.CostModel;
using Planner.CostModel.Projection;

namespace Planner.Benchmarks.UnitTests;

public class ProbeCalibratorTests
{
    /// <summary>Round datasheet figures, so that every efficiency below is a known answer (not a real GPU's figures).</summary>
    private static readonly GpuSpec Datasheet = new()
    {
        Name = "NVIDIA H200 SXM", Vendor = "NVIDIA", Bf16Tflops = 1000, Fp8Tflops = 2000, MemoryGb = 141, BandwidthGbPerS = 4000,
    };

    [Fact]
    public void A_product_at_twice_its_roofline_time_reaches_half_the_datasheet_peak()
    {
        // 2·8192³ = 1.0995 TFLOP: 1.0995 ms at 1000 TFLOP/s; its 402.7 MB take 0.1 ms at 4000 GB/s, so it is compute-bound.
        var shape = new MatmulShape("o", 8192, 8192, 8192, 1);
        var row = ProbeCalibrator.Row(Gemm("m", shape, "prefill", "bf16", RooflineMs(shape, "bf16") * 2), Datasheet)!;

        Assert.Equal("compute", row.Bound);
        Assert.Equal(0.5, row.Efficiency, 12);
        Assert.Equal(500, row.AchievedTflops, 9);
    }

    [Fact]
    public void A_decode_product_is_bound_by_the_bandwidth_it_streams_its_weights_with()
    {
        // M = 1: 2·4096² FLOP take 0.03 µs, while (4096 + 4096² + 4096)·2 bytes take 8.4 µs at 4000 GB/s.
        var shape = new MatmulShape("o", 1, 4096, 4096, 1);
        var row = ProbeCalibrator.Row(Gemm("m", shape, "decode", "bf16", RooflineMs(shape, "bf16") / 0.75), Datasheet)!;

        Assert.Equal("memory", row.Bound);
        Assert.Equal(0.75, row.Efficiency, 12);
        Assert.Equal(3000, row.AchievedGbPerSecond, 9);
    }

    [Fact]
    public void Compute_efficiency_and_half_size_are_recovered_from_passes_at_two_hidden_sizes()
    {
        // η_c = 0.8, n½ = 4096: d = 4096 reaches 0.8·4096/8192 = 0.4, d = 8192 reaches 0.8·8192/12288 = 0.5333.
        var (compute, halfSize, note) = ProbeCalibrator.FitCompute([Pass(4096, 0.4), Pass(8192, 0.8 * 8192 / 12288)]);

        Assert.Equal(0.8, compute!.Value, 12);
        Assert.Equal(4096, halfSize, 9);
        Assert.Null(note);
    }

    [Fact]
    public void One_hidden_size_gives_the_time_weighted_efficiency_and_no_half_size()
    {
        // (0.3 + 0.6) / (1 + 1) = 0.45 of the roofline over all passes.
        var (compute, halfSize, note) = ProbeCalibrator.FitCompute([Pass(4096, 0.3), Pass(4096, 0.6)]);

        Assert.Equal(0.45, compute!.Value, 12);
        Assert.Equal(0, halfSize);
        Assert.StartsWith("one hidden size (4096)", note, StringComparison.Ordinal);
    }

    [Fact]
    public void A_probe_run_gives_eta_c_and_half_size_from_prefill_and_eta_m_from_the_copy()
    {
        var report = Calibrator.Calibrate(ProbeRun(), Datasheet);

        Assert.Equal(0.8, report.ComputeEfficiency!.Value, 9);
        Assert.Equal(4096, report.Fit!.HalfEfficiencyHiddenSize, 6);
        Assert.Equal(0.9, report.BandwidthEfficiency!.Value, 12); // copy 3600 GB/s of 4000
        Assert.Equal(0, report.Fit.LayerOverheadMicroseconds);
        Assert.Equal(2, report.Fit.RowsWithinGoal);
        Assert.Equal("NVIDIA Hopper", report.DeviceClass);
        Assert.Equal(0.75, report.Probe!.DecodeBandwidthEfficiency!.Value, 12);
        Assert.Equal(3, report.Probe.Passes.Count);
        Assert.Empty(report.Rows);
    }

    [Fact]
    public void Factors_from_an_h200_probe_carry_to_an_h100_but_not_to_an_a100()
    {
        var report = Calibrator.Calibrate(ProbeRun(), Datasheet);
        var h100 = Datasheet with { Name = "NVIDIA H100 SXM", MemoryGb = 80, BandwidthGbPerS = 3350 };
        var a100 = Datasheet with { Name = "NVIDIA A100 SXM 80GB", Bf16Tflops = 312, Fp8Tflops = null, BandwidthGbPerS = 2039 };

        var carried = Calibrator.EfficiencyFor(report, h100);
        var refused = Calibrator.EfficiencyFor(report, a100);

        Assert.Equal(0.8, carried.Compute, 9);
        Assert.Equal(0.9, carried.Bandwidth, 12);
        Assert.Equal(4096, carried.HalfEfficiencyHiddenSize, 6);
        Assert.Equal(Efficiency.GpuDefault.TensorParallel, carried.TensorParallel);
        Assert.Equal(Efficiency.GpuDefault.Compute, refused.Compute);
        Assert.Contains("does not carry to NVIDIA A100 SXM 80GB", refused.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void A_probe_run_without_its_datasheet_says_how_to_calibrate_it()
    {
        var error = Assert.Throws<InputException>(() => Calibrator.Calibrate(ProbeRun()));

        Assert.Contains("planner project calibrate FILE [--gpu NAME]", Assert.Single(error.Lines), StringComparison.Ordinal);
    }

    [Fact]
    public void A_gemm_result_needs_its_matmul_shape_and_may_be_fp8()
    {
        var run = ProbeRun();
        var withoutShape = run with { Results = [run.Results[0] with { Matmul = null }] };
        var fp8Inference = TestRuns.Run("r", TestRuns.Result() with { Precision = "fp8" });

        var missing = Assert.Throws<InputException>(() => BenchmarkResultsJson.Parse(BenchmarkResultsJson.Serialize(withoutShape), "p.json"));
        var notForInference = Assert.Throws<InputException>(() => BenchmarkResultsJson.Parse(BenchmarkResultsJson.Serialize(fp8Inference), "i.json"));

        Assert.Equal(["p.json: $.results[0].matmul: required object is missing or not an object."], missing.Lines);
        Assert.StartsWith("i.json: $.results[0].precision: must be one of fp32, fp16, int8", Assert.Single(notForInference.Lines), StringComparison.Ordinal);
        var fp8 = run with { Results = [run.Results[0] with { Precision = "fp8" }] };
        Assert.Equal("fp8", BenchmarkResultsJson.Parse(BenchmarkResultsJson.Serialize(fp8)).Results[0].Precision);
    }

    /// <summary>Prefill passes of two hidden sizes on the η_c = 0.8, n½ = 4096 curve, one decode pass at 0.75 of the bandwidth, a 3600 GB/s copy.</summary>
    private static BenchmarkRun ProbeRun()
    {
        var small = new MatmulShape("qkv", 4096, 4096, 4096, 1);
        var large = new MatmulShape("qkv", 8192, 8192, 8192, 1);
        var decode = new MatmulShape("qkv", 1, 4096, 4096, 1);
        var results = new[]
        {
            Gemm("small", small, "prefill", "bf16", RooflineMs(small, "bf16") / 0.4),
            Gemm("large", large, "prefill", "bf16", RooflineMs(large, "bf16") / (0.8 * 8192 / 12288)),
            Gemm("small", decode, "decode", "bf16", RooflineMs(decode, "bf16") / 0.75),
        };
        return TestRuns.Run("probe", results) with
        {
            Profile = "gpu-probe",
            Settings = new RunSettings("cuda", "cuda", "gpu-probe: libcudart.so.13", 0, 0, 5, 20, 0.1, 2, 1_000_000, 0.25, 0),
            Fingerprint = new Fingerprint("f", "CPU", 16, 128, "Linux", ".NET 10", "none (gpu-probe)", ["cuda"], new GpuInfo("NVIDIA H200", 139.8, "580.65"), null),
            Calibration = new Calibration(600_000, "best", 3600, "device copy"),
            Skipped = [],
        };
    }

    private static double RooflineMs(MatmulShape shape, string precision) =>
        Math.Max(shape.Flops / (Datasheet.Bf16Tflops * 1e12), shape.MinimumBytes(precision) / (Datasheet.BandwidthGbPerS * 1e9)) * 1000;

    private static BenchmarkResult Gemm(string model, MatmulShape shape, string phase, string precision, double meanMs) =>
        new(model, $"tp{shape.TensorParallel}-{shape.Name}", precision, BenchmarkResult.Gemm, 1, phase == "prefill" ? (int)shape.M : null, "cuda", 20,
            meanMs * 20 / 1000, new Throughput(shape.Flops / meanMs / 1e9, "TFLOP/s"), new LatencyStats(meanMs, 0, 0, meanMs, meanMs, meanMs, meanMs),
            shape.Flops / meanMs / 1e6, 100, null, "test", true, null)
        {
            Phase = phase,
            Matmul = shape,
        };

    private static ProbePass Pass(int hiddenSize, double efficiency) => new()
    {
        Model = $"d{hiddenSize}", TensorParallel = 1, Precision = "bf16", Phase = "prefill", Batch = 1, Products = 5, HiddenSize = hiddenSize,
        RooflineSeconds = efficiency, MeasuredSeconds = 1, Bound = "compute",
    };
}
