using Planner.Benchmarks.Results;

namespace Planner.Benchmarks.UnitTests;

/// <summary>Builders of results for tests.</summary>
internal static class TestRuns
{
    public static BenchmarkResult Result(string model = "mlp", int batch = 1, double throughput = 1000, double cv = 0.05) =>
        new(model, "mnist", "fp32", BenchmarkResult.Inference, batch, null, "cpu", 100, 1.0,
            new Throughput(throughput, "samples/s"), new LatencyStats(1, cv, cv, 1, 1.1, 1.2, 1.3),
            2.5, 120, null, "CPU energy unavailable: test", true, null);

    public static BenchmarkRun Run(string runId, params BenchmarkResult[] results) =>
        new(BenchmarkRun.CurrentSchemaVersion, runId, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
            new DateTimeOffset(2026, 1, 2, 3, 5, 5, TimeSpan.Zero), "smoke", false,
            new RunSettings("auto", "cpu", "auto: CUDA unavailable (test)", 0, 1, 3, 10, 0.3, 3, 1000, 0.5, 42),
            new Fingerprint("abc123", "Test CPU", 2, 24, "Linux", ".NET 10", "1.31.1", ["CPUExecutionProvider"], null, "no NVIDIA driver"),
            new Calibration(2.5, "mlp/mnist/fp32 inference batch 1", 14.2, "probe"),
            results,
            [new SkippedBenchmark("mlp", "mnist", "fp16", "cpu", "no fp16 kernels")]);
}
