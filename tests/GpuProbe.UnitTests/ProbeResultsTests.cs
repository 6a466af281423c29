using Planner.Benchmarks.Environment;
using Planner.Benchmarks.Results;
using Planner.Benchmarks.Running;

namespace Planner.GpuProbe.UnitTests;

public class ProbeResultsTests
{
    private static readonly MeasurementSettings Settings = new(WarmupIterations: 0, MinIterations: 4, MinDurationSeconds: 0, MaxDurationSeconds: 1, MaxCv: 0.25);

    [Fact]
    public void A_product_reports_its_achieved_teraflops_from_the_mean_gpu_time()
    {
        // 4096³ at 2 ms: 2 · 4096³ / 0.002 s = 68.72 TFLOP/s.
        var shape = new MatmulShape("o", 4096, 4096, 4096, 1);
        var measurement = new Measurement([2, 2, 2, 2], 0.008, Cancelled: false);

        var result = ProbeResults.Gemm("llama-3-8b", shape, BenchmarkResult.Prefill, 2, 2048, "bf16", measurement,
            new EnergyReading(100, null), Settings, 128);

        Assert.Equal(68.719476736, result.Throughput.Value, 9);
        Assert.Equal(Planner.Benchmarks.Models.Units.TflopsPerSecond, result.Throughput.Unit);
        Assert.Equal(68719.476736, result.AchievedGflops!.Value, 6);
        Assert.Equal("tp1-o", result.Preset);
        Assert.Equal(BenchmarkResult.Gemm, result.Task);
        Assert.Same(shape, result.Matmul);
        // 100 J over 4 products of 4096 rows: 100 / 16384 · 1000 J per 1000 rows.
        Assert.Equal(6.103515625, result.EnergyJoulesPer1k!.Value, 9);
        Assert.True(result.Valid);
    }

    [Fact]
    public void A_noisy_product_is_kept_but_marked_invalid_with_the_reason()
    {
        var measurement = new Measurement([1, 1, 1, 5], 0.008, Cancelled: false);

        var result = ProbeResults.Gemm("m", new MatmulShape("o", 1, 1, 1, 1), BenchmarkResult.Decode, 1, null, "fp8", measurement,
            new EnergyReading(null, "no NVIDIA driver"), Settings, 1);

        Assert.False(result.Valid);
        Assert.StartsWith("too noisy: CV", result.InvalidReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Copy_bandwidth_counts_the_read_and_the_write_of_every_copy()
    {
        // 10 copies of 1 GB in 5 ms of GPU time: 2 · 10⁹ · 10 / 0.005 s = 4000 GB/s.
        Assert.Equal(4000, ProbeResults.CopyGbPerSecond(1_000_000_000, new Measurement(new double[10], 0.005, false)), 9);
    }

    [Fact]
    public void The_calibration_block_takes_the_best_valid_product_as_peak_and_the_copy_as_bandwidth()
    {
        var fast = Product("gate_up", gflops: 700_000, valid: true);
        var faster = Product("down", gflops: 800_000, valid: false);
        var slow = Product("o", gflops: 500_000, valid: true);

        var calibration = ProbeResults.Calibration([fast, faster, slow], 4200, "copy note");

        Assert.Equal(700_000, calibration.PeakGflops);
        Assert.Equal($"best cuBLASLt product of the probe: {fast.Key}", calibration.PeakGflopsSource);
        Assert.Equal(4200, calibration.MemoryBandwidthGbPerSecond);
        Assert.Equal("copy note", calibration.BandwidthNote);
    }

    [Fact]
    public void A_probe_run_is_a_valid_results_file_that_survives_a_round_trip()
    {
        var result = Product("qkv", gflops: 600_000, valid: true);
        var run = new BenchmarkRun(BenchmarkRun.CurrentSchemaVersion, "gpu-probe-20261201T060000Z", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch,
            ProbeResults.Profile, false, new RunSettings("cuda", "cuda", "gpu-probe: libcudart.so.13", 0, 0, 5, 20, 0.1, 2, 1_000_000, 0.25, 0),
            new Fingerprint("f", "cpu", 16, 128, "Linux", ".NET 10", "none (gpu-probe)", ["cuda"], new GpuInfo("NVIDIA H200", 140, "580.1"), null),
            ProbeResults.Calibration([result], 4100, "copy"), [result],
            [new SkippedBenchmark("llama-3-8b", "tp1-qkv", "fp8", "cuda", "fp8 needs compute capability 8.9 or later; this GPU is 8.0")]);

        var back = BenchmarkResultsJson.Parse(BenchmarkResultsJson.Serialize(run));

        Assert.Equal(result, back.Results[0]);
        Assert.Equal(result.Matmul, back.Results[0].Matmul);
        Assert.Equal(run.Calibration, back.Calibration);
    }

    private static BenchmarkResult Product(string name, double gflops, bool valid)
    {
        var shape = new MatmulShape(name, 2048, 4096, 4096, 1);
        var ms = shape.Flops / (gflops * 1e9) * 1000;
        return ProbeResults.Gemm("llama-3-8b", shape, BenchmarkResult.Prefill, 1, 2048, "bf16",
            new Measurement([ms, ms, ms, ms], 0.01, Cancelled: !valid), new EnergyReading(null, "no NVIDIA driver"), Settings, 64);
    }
}
