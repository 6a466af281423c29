using Planner.Benchmarks.Results;

namespace Planner.Data.IntegrationTests;

/// <summary>Results files as `planner bench run` writes them, built from the Benchmarks types.</summary>
internal static class BenchmarkFiles
{
    public static BenchmarkResult Result(string model, string preset, int batch, double throughput, string unit = "samples/s", string? phase = null, bool valid = true) =>
        new(model, preset, "fp32", BenchmarkResult.Inference, batch, phase is null ? null : 128, "cpu", 100, 1.0,
            new Throughput(throughput, unit), new LatencyStats(2, 0.1, 0.05, 2, 2.1, 2.2, 2.3),
            2.5, 120, null, "CPU energy unavailable: test", valid, valid ? null : "cv 0.4 above 0.25")
        {
            Phase = phase,
        };

    /// <summary>A run with a gpt-decoder (prefill and decode at batch 32, decode also at batch 8) and an mlp.</summary>
    public static BenchmarkRun Run(string runId = "20260110-120000-abcdef12") =>
        new(BenchmarkRun.CurrentSchemaVersion, runId, new DateTimeOffset(2026, 1, 10, 12, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 1, 10, 12, 5, 0, TimeSpan.Zero), "llm", false,
            new RunSettings("auto", "cpu", "auto: CUDA unavailable (test)", 0, 1, 3, 10, 0.3, 3, 1000, 0.5, 42),
            new Fingerprint("feedc0de12345678", "Test CPU 9000", 2, 24, "Linux", ".NET 10", "1.31.1", ["CPUExecutionProvider"], null, "no NVIDIA driver"),
            new Calibration(2.5, "mlp/mnist/fp32 inference batch 1", 14.2, "probe"),
            [
                Result("gpt-decoder", "small", 32, 1234.5, "tokens/s", BenchmarkResult.Prefill),
                Result("gpt-decoder", "small", 32, 321.25, "tokens/s", BenchmarkResult.Decode),
                Result("gpt-decoder", "small", 8, 150, "tokens/s", BenchmarkResult.Decode),
                Result("mlp", "mnist", 1, 59_000),
                Result("mlp", "mnist", 256, 900_000),
                Result("lenet5", "mnist", 16, 5_000, valid: false),
            ],
            []);

    /// <summary>The same results measured with CUDA on an H100 (the GPU of the p5 cloud offer the tests hand them to).</summary>
    public static BenchmarkRun GpuRun(string runId = "20260110-120000-abcdef12")
    {
        var run = Run(runId);
        return run with
        {
            Settings = run.Settings with { Device = "cuda", Provider = "cuda", ProviderNote = null },
            Fingerprint = run.Fingerprint with { Gpu = new GpuInfo("NVIDIA H100 80GB HBM3", 79.6, "570.86"), GpuNote = null, ProvidersAvailable = ["CUDAExecutionProvider", "CPUExecutionProvider"] },
            Results = [.. run.Results.Select(r => r with { Provider = "cuda" })],
        };
    }

    public static string Json(BenchmarkRun? run = null) => BenchmarkResultsJson.Serialize(run ?? Run());
}
